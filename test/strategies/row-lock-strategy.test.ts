/**
 * A user's strategy that locks its key row with SELECT ... FOR UPDATE (test/fixtures/strategy-row-lock.ts):
 * under 03-double-submit the second submission waits on the first's row lock and replays its answer,
 * as on a real PostgreSQL, where before row locks were modelled both charged.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { withStrategySettings } from '../../src/scenario/strategy-settings.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';
import { strategy as rowLock } from '../fixtures/strategy-row-lock.js';
import { chargesOf, harmsOf, NO_HARM } from './mechanism-run.js';

function run03(seed: number, config: Record<string, unknown> = {}) {
  return runExperiment({
    scenario: withStrategySettings(bundledScenario('03-double-submit'), rowLock.name, config),
    strategy: rowLock as Strategy,
    seed,
  });
}

describe('a strategy that locks its key row with SELECT ... FOR UPDATE', () => {
  it('03-double-submit: no double charge; each duplicate waited on the first transaction, then replayed', async () => {
    const outcome = await run03(1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    const waits = outcome.trace.filter((entry) => entry.type === 'pg.wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits.map((entry) => entry['lock']))).toEqual(new Set(['update']));
    const doubled = outcome.history.attempts.filter((attempt) => attempt.submission === 2);
    for (const attempt of doubled) expect(chargesOf(outcome, attempt.intentId)).toHaveLength(1);
  });

  it('03-double-submit, every seed of the scenario, at READ COMMITTED and at SERIALIZABLE: no double charge', async () => {
    for (const isolation of ['read committed', 'serializable']) {
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const outcome = await run03(seed, { isolation });
        expect(harmsOf(outcome).doubleCharged, `${isolation} seed ${seed}`).toEqual([]);
      }
    }
  });
});
