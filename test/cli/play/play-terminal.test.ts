/**
 * `idemsim play` through the real prompt library: keystrokes into inquirer's own prompts, the
 * screen read back as text. The session is wired exactly as the command wires it (realPlayDeps),
 * on streams the test controls instead of the process's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPlaySession } from '../../../src/cli/play/play-session.js';
import { realPlayDeps } from '../../../src/cli/play/real-play-deps.js';
import { renderComparisonJson } from '../../../src/report/comparison-json.js';
import { strategies } from '../../../src/strategies/registry.js';
import { strategy as userStrategy } from '../../fixtures/user-strategy.js';
import { runCli } from '../run-cli.js';
import { FakeTerminal, KEY } from './fake-terminal.js';

const folder = mkdtempSync(join(tmpdir(), 'idemsim-play-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function startSession(terminal: FakeTerminal) {
  const deps = realPlayDeps({
    input: terminal.input,
    output: terminal.output,
    colour: false,
    strategies: [...strategies.values()],
  });
  return runPlaySession(deps);
}

describe('idemsim play on a terminal', () => {
  it('picks a scenario, turns knobs, runs, steps through a double charge, exports, quits', async () => {
    const terminal = new FakeTerminal();
    const session = startSession(terminal);
    const path = join(folder, 'per-attempt.yaml');

    await terminal.answer('Which scenario?', `${KEY.down}${KEY.enter}`); // 02-client-timeout-retry
    await terminal.waitFor('02-client-timeout-retry: Client timeout shorter than the provider tail');
    await terminal.waitFor('1. on   At 1s the link from kafka to service-1 slows to 1.5s for 3s.'); // a fault, told in words
    for (const [label, value] of [
      ['seeds', '2'],
      ['payments', '6'],
    ]) {
      await terminal.answer('What now?', `Change${KEY.enter}`); // typing a choice's first letters moves to it
      await terminal.answer('Change which setting?', `${label}${KEY.enter}`);
      await terminal.answer(`New ${label}`, `${value}${KEY.enter}`);
    }
    await terminal.answer('What now?', KEY.enter); // Run is highlighted after a change
    await terminal.waitFor('Run 1 · 02-client-timeout-retry · 6 payments × 2 seeds (seeds 1–2)');
    await terminal.waitFor('Changed from the scenario: payments: 20 → 6; seeds: 6 → 2');

    await terminal.answer('What now?', `Change${KEY.enter}`);
    await terminal.answer('Change which setting?', `key policy${KEY.enter}`);
    await terminal.answer('key policy', `${KEY.down}${KEY.enter}`); // stable -> per-attempt
    await terminal.waitFor('key policy: stable → per-attempt');
    await terminal.answer('What now?', KEY.enter);
    await terminal.waitFor('Run 2 · 02-client-timeout-retry');
    await terminal.waitFor('Changed since run 1: key policy: stable → per-attempt');
    await terminal.waitFor('▲ ▼ higher or lower than the last run');
    await terminal.waitFor('db-atomic: verdict safe → UNSAFE ▲, double charges 0/12 →');

    await terminal.answer('What now?', KEY.enter); // Step through a violation is highlighted after harm
    await terminal.answer('Which payment?', KEY.enter); // the first violation
    await terminal.waitFor('verdict: charged');
    await terminal.waitFor('step  1/');
    await terminal.answer('Step:', KEY.enter); // next
    await terminal.waitFor('step  2/');
    await terminal.answer('Step:', `${KEY.down}${KEY.enter}`); // back
    await terminal.waitFor('back to step  1/');
    await terminal.answer('Step:', `${KEY.down}${KEY.down}${KEY.enter}`); // to the next charge
    await terminal.waitFor('psp charges');
    await terminal.answer('Step:', `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`); // to the end
    await terminal.waitFor('- to the end (already at the end)'); // moves that go nowhere are greyed, with the reason
    terminal.input.write(KEY.enter); // back to the menu, highlighted at the last step
    await terminal.waitFor('Tell it again: export this setup, then idemsim explain <file> --strategy');

    await terminal.answer('What now?', `Export${KEY.enter}`);
    await terminal.answer('Save this setup as:', `${path}${KEY.enter}`);
    await terminal.waitFor(`Wrote ${path} (scenario per-attempt).`);
    await terminal.answer('What now?', `Quit${KEY.enter}`);
    const result = await session;

    expect(result.exported).toEqual([path]);
    expect(result.comparisons).toHaveLength(2);
    const validated = await runCli('validate', path);
    expect(validated).toMatchObject({ code: 0, stderr: '' });
    const cli = await runCli('compare', path, '--json', '--jobs', '1');
    expect(cli.code).toBe(0);
    const shown = JSON.parse(renderComparisonJson(result.comparisons[1] ?? { scenarios: [] })) as {
      scenarios: Array<{ results: unknown; seeds: unknown }>;
    };
    const replayed = JSON.parse(cli.stdout) as typeof shown;
    expect(replayed.scenarios[0]?.results).toEqual(shown.scenarios[0]?.results);
    expect(replayed.scenarios[0]?.seeds).toEqual([1, 2]);
    // And the numbers are the ones the screen showed, row by row.
    for (const row of replayed.scenarios[0]?.results as Array<{
      strategy: string;
      doubleCharges: number;
      payments: number;
    }>) {
      expect(terminal.text).toMatch(
        new RegExp(`│ ${row.strategy} +│ \\S+( ▲| ▼)? +│ ${row.doubleCharges}/${row.payments}`),
      );
    }
  });

  it('re-asks bad input at every kind of prompt, with the reason, and Ctrl-C ends the session', async () => {
    const terminal = new FakeTerminal();
    const session = startSession(terminal);
    const existing = join(folder, 'existing.yaml');
    writeFileSync(existing, 'keep me\n');

    // select: a choice that cannot be chosen yet says why, and the menu stays.
    await terminal.answer('Which scenario?', KEY.enter);
    await terminal.answer('What now?', `${KEY.down}${KEY.down}${KEY.enter}`);
    await terminal.waitFor('- Step through a violation (run first)');
    await terminal.waitFor('> That one cannot be chosen now (the reason is beside it).');

    // input: a value that does not parse, then one out of range, then a good one.
    terminal.input.write(`${KEY.up}${KEY.enter}`);
    await terminal.answer('Change which setting?', `client timeout${KEY.enter}`);
    await terminal.answer('New client timeout (now 1s; Enter keeps it):', `soon${KEY.enter}`);
    await terminal.waitFor('> expected a duration like 1.5s or 250ms');
    terminal.input.write(`${KEY.clearLine}0s${KEY.enter}`);
    await terminal.waitFor('> must be more than 0');
    terminal.input.write(`${KEY.clearLine}2s${KEY.enter}`);
    await terminal.waitFor('client timeout: 1s → 2s');

    // input with a path: not a .yaml name, then a folder that does not exist.
    await terminal.answer('What now?', `Export${KEY.enter}`);
    await terminal.answer('Save this setup as:', `notes.txt${KEY.enter}`);
    await terminal.waitFor('> expected a file name ending in .yaml, like my-setup.yaml');
    terminal.input.write(`${KEY.clearLine}${join(folder, 'missing', 'x.yaml')}${KEY.enter}`);
    await terminal.waitFor('> no folder');
    terminal.input.write(`${KEY.clearLine}${existing}${KEY.enter}`);

    // confirm: neither yes nor no is asked again; no keeps the file.
    await terminal.answer('exists. Overwrite it?', `maybe${KEY.enter}`);
    await terminal.waitFor('> You must answer with "Yes" or "No"');
    terminal.input.write(`${KEY.clearLine}n${KEY.enter}`);
    await terminal.waitFor('Not written; the file is as it was.');
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
    expect(existsSync(join(folder, 'notes.txt'))).toBe(false);

    await terminal.answer('What now?', KEY.ctrlC);
    await expect(session).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it("offers a user's strategy's settings among the knobs, as `play --strategies ./mine.ts` wires it", async () => {
    const terminal = new FakeTerminal();
    const deps = realPlayDeps({
      input: terminal.input,
      output: terminal.output,
      colour: false,
      strategies: [userStrategy],
    });
    const session = runPlaySession(deps);

    await terminal.answer('Which scenario?', KEY.enter);
    await terminal.waitFor('01-happy-path: A healthy system');
    await terminal.waitFor('No faults: what happens here is timing alone.');
    await terminal.answer('What now?', `Change${KEY.enter}`);
    await terminal.waitFor('Change which setting?');
    await terminal.waitFor(
      '  key policy: stable\n  redis-claim-409 claimTtl: 5s\n  redis-claim-409 resultTtl: 24h\n',
    );
    terminal.input.write(`redis-claim-409 r${KEY.enter}`);
    await terminal.answer('New redis-claim-409 resultTtl (now 24h; Enter keeps it):', `1m${KEY.enter}`);
    await terminal.waitFor('redis-claim-409 resultTtl: 24h → 1m');
    await terminal.answer('What now?', `Quit${KEY.enter}`);
    await terminal.answer('Discard 1 change not exported? (Export keeps them as a file)', `y${KEY.enter}`);
    expect(await session).toEqual({ comparisons: [], exported: [] });
  });
});
