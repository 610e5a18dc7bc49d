/**
 * A run that keeps only its tally is judged exactly as one that keeps its whole history: for
 * every bundled scenario and built-in strategy, over two seeds, the two summaries are the same
 * bytes. This is what lets a plain `run` drop its attempt records.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarioFiles, readScenario } from '../../src/cli/scenario-files.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { strategies } from '../../src/strategies/registry.js';

describe('RunTally', () => {
  for (const file of bundledScenarioFiles()) {
    const scenario = readScenario(file);
    it(`judges ${scenario.name} as the full history does`, async () => {
      for (const strategy of strategies.values())
        for (const seed of [scenario.seed, scenario.seed + 1]) {
          const input = { scenario, strategy, seed, trace: false };
          const full = await runExperiment(input);
          const tallied = await runExperiment({ ...input, tallyOnly: true });
          expect(tallied.history.attempts).toEqual([]);
          expect(JSON.stringify(summarizeRun(tallied), null, 1)).toBe(
            JSON.stringify(summarizeRun(full), null, 1),
          );
        }
    }, 120_000);
  }
});

describe('RunTally memory', () => {
  it('holds no intent once a happy run is over: every settled payment left only counts behind', async () => {
    const happy = bundledScenarioFiles().find((file) => file.name === '01-happy-path');
    if (happy === undefined) throw new Error('no 01-happy-path');
    const scenario = readScenario(happy);
    const many = { ...scenario, workload: { ...scenario.workload, payments: 2000 } };
    for (const name of ['none', 'db-atomic', 'redis-setnx']) {
      const strategy = strategies.get(name);
      if (strategy === undefined) throw new Error(`no strategy ${name}`);
      const outcome = await runExperiment({
        scenario: many,
        strategy,
        seed: 1,
        trace: false,
        tallyOnly: true,
      });
      expect({ name, open: outcome.tally?.openCount }).toEqual({ name, open: 0 });
      expect(summarizeRun(outcome).payments).toBe(2000);
    }
  }, 60_000);
});
