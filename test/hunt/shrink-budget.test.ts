/**
 * Shrinking is bounded by a count of runs, not by wall time: the same seed gives the same smallest
 * case however fast the machine is, and a smaller budget stops at a case that is no smaller.
 */
import { describe, expect, it } from 'vitest';
import { caseSize, type HuntCase } from '../../src/hunt/hunt-case.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { DEFAULT_SHRINK_RUNS, hunt, type HuntFound, type HuntResult } from '../../src/hunt/hunt.js';
import { scenarioToYaml } from '../../src/scenario/scenario-file-writer.js';
import { strategyNamed } from '../../src/strategies/registry.js';

function expectFound(result: HuntResult): HuntFound {
  if (!result.found) throw new Error(`${result.strategy}: nothing found in ${result.runs} runs`);
  return result;
}

const huntNone = async (shrinkRuns?: number): Promise<HuntFound> =>
  expectFound(
    await hunt({
      base: huntBaseScenario,
      strategy: strategyNamed('none'),
      ...(shrinkRuns === undefined ? {} : { shrinkRuns }),
    }),
  );

/** Payments, faults and other changes, as one number to compare stories by. */
const weight = (huntCase: HuntCase): number => {
  const size = caseSize(huntCase);
  return size.payments + size.faults + size.changes;
};

describe('the shrink budget', () => {
  it('the same seed and budget give the same smallest case, run after run', async () => {
    const [first, second] = [await huntNone(), await huntNone()];
    expect(scenarioToYaml(second.scenario)).toBe(scenarioToYaml(first.scenario));
    expect(second.shrinkRuns).toBe(first.shrinkRuns);
    expect(first.shrinkRuns).toBeLessThanOrEqual(DEFAULT_SHRINK_RUNS);
  });

  it('stops after the budget and keeps the smallest case so far, the same each time', async () => {
    const full = await huntNone();
    expect(full.shrinkRuns).toBeGreaterThan(5);
    const [first, second] = [await huntNone(5), await huntNone(5)];
    expect(first.shrinkRuns).toBe(5);
    expect(scenarioToYaml(second.scenario)).toBe(scenarioToYaml(first.scenario));
    expect(first.shrinks).toBeLessThan(full.shrinks);
    expect(weight(first.huntCase)).toBeGreaterThanOrEqual(weight(full.huntCase));
    expect(scenarioToYaml(first.scenario)).not.toBe(scenarioToYaml(full.scenario));
  });
});
