/**
 * `run --trace` streams the trace instead of holding it: the same bytes as the trace the run
 * keeps in memory, on standard output or in a file (`--trace file.jsonl`, with the summary
 * printed as usual).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeTrace } from '../../src/engine/trace.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { readScenarioForRun } from '../../src/cli/scenario-files.js';
import { applyOverrides } from '../../src/cli/scenario-overrides.js';
import { strategies } from '../../src/strategies/registry.js';
import { runCli } from './run-cli.js';

async function keptTrace(scenarioName = '02-client-timeout-retry'): Promise<string> {
  const strategy = strategies.get('none');
  if (strategy === undefined) throw new Error('no strategy none');
  const scenario = applyOverrides(
    readScenarioForRun(scenarioName, [strategy], () => {}),
    {
      payments: 5,
    },
  );
  const outcome = await runExperiment({ scenario, strategy, seed: scenario.seed });
  return `${serializeTrace(outcome.trace)}\n`;
}

describe('idemsim run --trace', () => {
  it('streams to standard output the bytes of the trace a run keeps', async () => {
    const { code, stdout } = await runCli('run', '--payments', '5', '--trace');
    expect(code).toBe(0);
    expect(stdout).toBe(await keptTrace());
  });

  it('streams into a file and prints the summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'idemsim-trace-')), 'trace.jsonl');
    const { code, stdout } = await runCli('run', '--payments', '5', '--trace', file);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(await keptTrace());
    expect(stdout).toContain('02-client-timeout-retry · strategy none');
  });

  it('reads `run --trace 03` as a trace of scenario 03, not a file named 03', async () => {
    const { code, stdout } = await runCli('run', '--payments', '5', '--trace', '03-double-submit');
    expect(code).toBe(0);
    expect(stdout).toBe(await keptTrace('03-double-submit'));
  });

  it('refuses a trace file not named .jsonl when a scenario is named too, in one line', async () => {
    const { code, stdout, stderr } = await runCli('run', '03', '--payments', '5', '--trace', '04');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "idemsim: --trace 04: a trace file's name ends in .jsonl (e.g. --trace trace.jsonl); to print the trace, put --trace after the scenario\n",
    );
  });
});
