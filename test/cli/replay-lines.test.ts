/**
 * The replay and explain lines run and explain print must run as printed: a scenario given as a
 * file is named by that path, quoted when the shell would split it.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioArgument, scenarioPathArgument, shellWord } from '../../src/cli/replay-arguments.js';
import { readScenarioNamed } from '../../src/cli/scenario-files.js';
import { SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';
import { runCli } from './run-cli.js';

/** A printed command line back to argv, as a POSIX shell splits it (bare words and '...' only). */
function shellSplit(line: string): string[] {
  const words = line.match(/'(?:[^']|'\\'')*'(?:\S*)|\S+/g) ?? [];
  return words.map((word) => (word.startsWith("'") ? word.slice(1, -1).replaceAll("'\\''", "'") : word));
}

function lineStarting(output: string, prefix: string): string {
  const line = output.split('\n').find((candidate) => candidate.startsWith(prefix));
  if (line === undefined) throw new Error(`no line starting "${prefix}" in:\n${output}`);
  return line.slice(prefix.length).trim();
}

describe('replay and explain lines for a scenario given as a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idemsim replay '));
  const path = join(dir, "crash it's.yaml");
  copyFileSync(join(SCENARIOS_DIR, '04-crash-after-charge.yaml'), path);
  const quoted = `'${dir}/crash it'\\''s.yaml'`;

  it('run names the file by its path, and both lines run as printed', async () => {
    const first = await runCli('run', path, '--strategy', 'none');
    expect(first.code).toBe(0);
    const replay = lineStarting(first.stdout, 'replay:');
    const explain = lineStarting(first.stdout, 'explain:');
    expect(replay).toBe(`idemsim run ${quoted} --strategy none --seed 1`);
    expect(explain).toBe(`idemsim explain ${quoted} --strategy none --seed 1 --payment pay-03`);
    const again = await runCli(...shellSplit(replay).slice(1));
    expect(again).toEqual(first);
    const story = await runCli(...shellSplit(explain).slice(1));
    expect({ code: story.code, stderr: story.stderr }).toEqual({ code: 0, stderr: '' });
    expect(lineStarting(story.stdout, 'replay:')).toBe(explain);
  });

  it('a bundled scenario keeps its full name, however it was given', () => {
    const scenario = readScenarioNamed('04');
    expect(scenarioArgument('04', scenario)).toBe('04-crash-after-charge');
    expect(scenarioArgument('crash-after-charge', scenario)).toBe('04-crash-after-charge');
    expect(scenarioArgument('./04.yaml', scenario)).toBe('./04.yaml');
  });

  it("hunt's file to save reads as a path, and words are quoted only when a shell would split them", () => {
    expect(scenarioPathArgument('hunt-none.yaml')).toBe('hunt-none.yaml');
    expect(scenarioPathArgument('counterexample')).toBe('./counterexample');
    expect(scenarioPathArgument('out/cx')).toBe('out/cx');
    expect(shellWord('my file.yaml')).toBe("'my file.yaml'");
    expect(shellSplit(`idemsim run ${shellWord("it's $HOME.yaml")} --seed 1`)).toEqual([
      'idemsim',
      'run',
      "it's $HOME.yaml",
      '--seed',
      '1',
    ]);
  });
});
