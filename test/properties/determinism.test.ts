import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeTrace } from '../../src/engine/trace.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

const timeoutRetry = bundledScenario('02-client-timeout-retry');
import { none } from '../../src/strategies/none.js';

/** The bytes a run produces: its whole trace and its summary. */
async function runBytes(seed: number, payments = 10): Promise<string> {
  const scenario = { ...timeoutRetry, workload: { ...timeoutRetry.workload, payments } };
  const outcome = await runExperiment({ scenario, strategy: none, seed });
  return `${serializeTrace(outcome.trace)}\n${JSON.stringify(summarizeRun(outcome))}`;
}

describe('determinism', () => {
  it('the same seed gives byte-identical trace and summary', async () => {
    const first = await runBytes(1, 20);
    expect(first.length).toBeGreaterThan(1000);
    expect(await runBytes(1, 20)).toBe(first);
  });

  it('different seeds give different runs', async () => {
    const runs = await Promise.all([1, 2, 3].map((seed) => runBytes(seed)));
    expect(new Set(runs).size).toBe(3);
  });

  it('property: for any seed, two runs are byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), async (seed) => {
        expect(await runBytes(seed, 5)).toBe(await runBytes(seed, 5));
      }),
      { seed: 20261128, numRuns: 25 },
    );
  });
});
