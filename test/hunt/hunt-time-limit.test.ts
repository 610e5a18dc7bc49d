/**
 * `hunt --time` must not grow with the cases it runs. fast-check's `interruptAfterTimeLimit`
 * plugin raced every run against one promise that stayed pending until the time was up, and each
 * race left a reaction (a promise, a closure and its context) on it: about 330 B a case, hundreds
 * of MB over an hour's hunt. The hunt now uses the parameter of the same name, which clears its
 * timer after each run.
 *
 * Measured as heap kept after a full collection, between case 500 and case 20,500 of one hunt,
 * with a time limit far away and without one: the same cases, so the difference is what the time
 * limit keeps. The leak kept about 6 MB over those 20,000 cases; nothing here is timed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/hunt.js';
import type { HuntProperty } from '../../src/hunt/properties.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { strategies } from '../../src/strategies/registry.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Holds in every case, so the search runs all its cases. */
const alwaysHolds: HuntProperty = {
  name: 'always',
  claim: 'nothing',
  violation: () => undefined,
};

/** Heap kept (after a full collection) at case 20,500 minus at case 500, bytes. */
async function heapGrowth(timeLimitMs: number | undefined): Promise<number> {
  const strategy = strategies.get('none');
  if (strategy === undefined) throw new Error('no strategy none');
  const kept = new Map<number, number>();
  await hunt({
    base: huntBaseScenario,
    strategy,
    properties: [alwaysHolds],
    runs: 20_500,
    seed: 5,
    // The smallest worlds (one payment, no fault, no double submit), so that many cases run
    // quickly: the leak was per case, whatever the case.
    space: { paymentsMax: 1, faultsMax: 0, doubleSubmit: false },
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
    onRun: ({ runs }) => {
      if (runs !== 500 && runs !== 20_500) return;
      collectGarbage();
      kept.set(runs, process.memoryUsage().heapUsed);
    },
  });
  return (kept.get(20_500) ?? Number.NaN) - (kept.get(500) ?? Number.NaN);
}

describe('hunt with a time limit', () => {
  it('keeps no more memory per case than a hunt without one', async () => {
    const without = await heapGrowth(undefined);
    const withLimit = await heapGrowth(3_600_000);
    expect(withLimit - without).toBeLessThan(2_000_000);
  }, 120_000);
});
