/**
 * The play session's logic through its injected prompter and files: no terminal, no disk.
 */
import { describe, expect, it } from 'vitest';
import type { PlayDeps, PlayFiles } from '../../../src/cli/play/play-deps.js';
import { runPlaySession } from '../../../src/cli/play/play-session.js';
import { readScenarioOrProblem } from '../../../src/cli/play/real-play-deps.js';
import { loadScenario } from '../../../src/scenario/load-scenario.js';
import { strategies } from '../../../src/strategies/registry.js';
import type { Strategy } from '../../../src/strategies/strategy.js';
import { strategy as userStrategy } from '../../fixtures/user-strategy.js';
import { ScriptedPrompter, type Answer } from './scripted-prompter.js';

function memoryFiles(initial: Record<string, string>): PlayFiles & { readonly files: Map<string, string> } {
  const files = new Map(Object.entries(initial));
  return {
    files,
    problemWith: (path) => (path.startsWith('missing/') ? 'no folder missing to write into' : undefined),
    exists: (path) => files.has(path),
    write: (path, text) => void files.set(path, text),
  };
}

function deps(
  prompter: ScriptedPrompter,
  files: PlayFiles,
  sessionStrategies: readonly Strategy[] = [...strategies.values()],
): PlayDeps {
  return {
    prompter,
    colour: false,
    bundled: [{ name: '01-happy-path', title: 'A healthy system' }],
    readScenario: readScenarioOrProblem,
    strategies: sessionStrategies,
    progress: () => ({ update: () => undefined, show: () => undefined, finish: () => undefined }),
    files,
  };
}

const change = (setting: string, ...typed: string[]): Answer[] => [
  { select: 'Change' },
  { select: setting },
  ...typed.map((input) => ({ input })),
];

describe('a play session', () => {
  it('switches a fault off, runs without it, and exports only with leave to overwrite', async () => {
    const prompter = new ScriptedPrompter([
      ...change('payments', '4'),
      ...change('seeds', 'two', '1'),
      ...change('fault 1'),
      { select: 'Read the story' },
      { select: 'Run' },
      { select: 'Export' },
      { input: 'notes.txt' },
      { input: 'missing/x.yaml' },
      { input: 'lease.yaml' },
      { confirm: false },
      { select: 'Export' },
      { input: 'lease.yaml' },
      { confirm: true },
      { select: 'Pick another scenario' },
      { select: '01-happy-path' },
      { select: 'Quit' },
    ]);
    const files = memoryFiles({ 'lease.yaml': 'an older file\n' });
    const read = readScenarioOrProblem('05');
    if (!read.ok) throw new Error(read.problem);

    const result = await runPlaySession(deps(prompter, files), { scenario: read.value, source: '05' });

    const log = prompter.log.join('\n');
    expect(log).toContain(
      '? New seeds (now 6; Enter keeps it): two\n> expected a whole number of 1 or more, like 3',
    );
    expect(log).toContain('fault 1 is now off');
    expect(log).toContain(
      '  1. off  At 2s service-1 pauses (stop-the-world) for 3s.\n  2. on   At 2s consumer-1 pauses (stop-the-world) for 3s.',
    );
    expect(log).toContain(
      'Run 1 · 05-lease-outlived · 4 payments × 1 seed (seed 1)\nChanged from the scenario: payments: 20 → 4; seeds: 6 → 1; fault 1 off: At 2s service-1 pauses (stop-the-world) for 3s.',
    );
    expect(log).toContain('> expected a file name ending in .yaml, like my-setup.yaml');
    expect(log).toContain('> no folder missing to write into');
    expect(log).toContain('? lease.yaml exists. Overwrite it? no\nNot written; the file is as it was.');
    expect(log).toContain('Wrote lease.yaml (scenario lease).');
    expect(log).toContain('01-happy-path: A healthy system');
    expect(result.exported).toEqual(['lease.yaml']);

    const exported = loadScenario(files.files.get('lease.yaml') ?? '', 'x');
    if (!exported.ok) throw new Error(exported.problems.join('\n'));
    expect(exported.scenario.faults).toEqual([read.value.faults[1]]);
    expect(exported.scenario.expect).toEqual({});
    expect(exported.scenario.story).toContain(
      '- fault 1 off: At 2s service-1 pauses (stop-the-world) for 3s.',
    );
  });

  it("offers a user's strategy's own settings as knobs, runs it with them, and exports them", async () => {
    const prompter = new ScriptedPrompter([
      ...change('redis-claim-409 claimTtl', 'soon', '0s', '2s'),
      ...change('redis-setnx lockTtl', ''),
      ...change('payments', '3'),
      ...change('seeds', '1'),
      { select: 'Run' },
      { select: 'Export' },
      { input: 'claim.yaml' },
      { select: 'Quit' },
    ]);
    const files = memoryFiles({});
    const read = readScenarioOrProblem('04', [userStrategy]);
    if (!read.ok) throw new Error(read.problem);

    const session = deps(prompter, files, [strategies.get('redis-setnx')!, userStrategy]);
    const result = await runPlaySession(session, { scenario: read.value, source: '04' });

    const log = prompter.log.join('\n');
    expect(log).toContain(
      '? New redis-claim-409 claimTtl (now 5s; Enter keeps it): soon\n> expected a duration like 1.5s or 250ms',
    );
    expect(log).toContain('> must be more than 0');
    expect(log).toContain('redis-claim-409 claimTtl: 5s → 2s');
    // The built-in strategy's settings are offered beside it, with the value the scenario gives.
    expect(log).toContain('? Change which setting? redis-setnx lockTtl: 5s');
    expect(log).toContain(
      'Changed from the scenario: redis-claim-409 claimTtl: 5s → 2s; payments: 10 → 3; seeds: 5 → 1',
    );
    expect(log).toMatch(/│ redis-claim-409 │ \S+ +│ 0\/3 /);
    expect(result.comparisons[0]?.scenarios[0]?.results.map((series) => series.strategy)).toEqual([
      'redis-setnx',
      'redis-claim-409',
    ]);
    const exported = loadScenario(files.files.get('claim.yaml') ?? '', 'x');
    if (!exported.ok) throw new Error(exported.problems.join('\n'));
    expect(exported.scenario.strategyConfig).toEqual({
      'redis-setnx': { lockTtl: '5s', loserAnswer: '409' },
      'redis-claim-409': { claimTtl: '2s' },
    });
  });

  it('asks before Quit or "Pick another scenario" throw away changes not exported', async () => {
    const prompter = new ScriptedPrompter([
      ...change('payments', '4'),
      { select: 'Quit' },
      { confirm: false },
      { select: 'Pick another scenario' },
      { confirm: false },
      { select: 'Export' },
      { input: 'kept.yaml' },
      { select: 'Pick another scenario' }, // exported: nothing to lose, nothing asked
      { select: '01-happy-path' },
      ...change('seeds', '2'),
      ...change('payments', '3'),
      { select: 'Quit' },
      { confirm: true },
    ]);
    const read = readScenarioOrProblem('05');
    if (!read.ok) throw new Error(read.problem);

    const result = await runPlaySession(deps(prompter, memoryFiles({})), {
      scenario: read.value,
      source: '05',
    });

    const asked = prompter.log.filter((line) => line.includes('Discard'));
    expect(asked).toEqual([
      '? Discard 1 change not exported? (Export keeps them as a file) no',
      '? Discard 1 change not exported? (Export keeps them as a file) no',
      '? Discard 2 changes not exported? (Export keeps them as a file) yes',
    ]);
    expect(result.exported).toEqual(['kept.yaml']);
  });
});
