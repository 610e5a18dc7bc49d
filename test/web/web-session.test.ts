/**
 * The page's session, driven in Node as the worker drives it: the same requests, the same
 * answers, and the numbers `idemsim compare --json` prints for the exported file, byte for byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebAnswer } from '../../src/web/web-protocol.js';
import { WebSession } from '../../src/web/web-session.js';
import { runCli } from '../cli/run-cli.js';
import { SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';

const scenarios = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => ({
    name: file.replace(/\.yaml$/, ''),
    text: readFileSync(join(SCENARIOS_DIR, file), 'utf8'),
  }));
const folder = mkdtempSync(join(tmpdir(), 'idemsim-web-session-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function ok(answer: WebAnswer): Extract<WebAnswer, { ok: true }> {
  if (!answer.ok) throw new Error(answer.problem);
  return answer;
}

describe('the web session', () => {
  it('opens the first bundled scenario, lists them all, and refuses a value that is not one, with play’s reason', async () => {
    const session = new WebSession();
    const opened = ok(await session.handle({ kind: 'init', scenarios }));
    expect(opened.view.scenarios.map((scenario) => scenario.name)).toEqual(scenarios.map((s) => s.name));
    expect(opened.view.setup.name).toBe('01-happy-path');
    expect(opened.view.fileName).toBe('01-happy-path-web.yaml');
    expect(await session.handle({ kind: 'set', knob: 'client-timeout', text: 'soon' })).toEqual({
      ok: false,
      problem: 'client timeout: expected a duration like 1.5s or 250ms',
    });
    expect(await session.handle({ kind: 'open', name: 'nope' })).toEqual({
      ok: false,
      problem: 'no scenario "nope" in this page',
    });
    const own = await session.handle({
      kind: 'open',
      name: 'mine.yaml',
      text: 'title: x\nstory: y\nseeds: 0\n',
    });
    expect(own.ok).toBe(false);
  });

  it('runs a changed setup and shows the JSON that idemsim compare prints for the exported file', async () => {
    const session = new WebSession();
    ok(await session.handle({ kind: 'init', scenarios }));
    ok(await session.handle({ kind: 'open', name: '02-client-timeout-retry' }));
    const first = ok(await session.handle({ kind: 'set', knob: 'seeds', text: '2' }));
    expect(first.view.setup.changes).toEqual(['seeds: 6 → 2']);
    const progress: number[] = [];
    const run1 = ok(await session.handle({ kind: 'run' }, (done) => progress.push(done)));
    expect(progress.at(-1)).toBe(progress.length);
    ok(await session.handle({ kind: 'set', knob: 'key-policy', text: 'per-attempt' }));
    const run2 = ok(await session.handle({ kind: 'run' }));
    expect(run1.view.run?.number).toBe(1);
    expect(run2.view.run?.changed).toBe('Changed since run 1: key policy: stable → per-attempt');
    expect(run2.view.run?.moves[0]).toBe(
      '▲ ▼ higher or lower than the last run (in every column, higher is worse)',
    );

    const exported = ok(await session.handle({ kind: 'export', fileName: 'per attempt.yaml' }));
    expect(exported.file?.fileName).toBe('per-attempt.yaml');
    const path = join(folder, 'per-attempt.yaml');
    writeFileSync(path, exported.file?.yaml ?? '');
    const cli = await runCli('compare', path, '--json', '--jobs', '1');
    expect(cli.code).toBe(0);
    expect(exported.view.run?.json).toBe(cli.stdout);
  });

  it('tells the story of a payment that went wrong, with a diagram of its steps', async () => {
    const session = new WebSession();
    ok(await session.handle({ kind: 'init', scenarios }));
    ok(await session.handle({ kind: 'open', name: '13-new-key-per-retry' }));
    ok(await session.handle({ kind: 'set', knob: 'seeds', text: '1' }));
    const run = ok(await session.handle({ kind: 'run' }));
    expect(run.view.run?.violations.length).toBeGreaterThan(0);
    const told = ok(await session.handle({ kind: 'story', violation: 0 }));
    const story = told.story;
    expect(story?.heading).toMatch(/^13-new-key-per-retry · strategy \S+ · seed 1 · payment \S+$/);
    expect(story?.steps.length).toBeGreaterThan(3);
    expect(story?.steps.some((step) => step.kind === 'charge')).toBe(true);
    const groups = story?.svg.match(/data-step="\d+"/g) ?? [];
    expect(groups).toHaveLength(story?.steps.length ?? -1);
    expect(story?.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(await session.handle({ kind: 'story', violation: 999 })).toEqual({
      ok: false,
      problem: 'no such payment in the last run',
    });
  });
});
