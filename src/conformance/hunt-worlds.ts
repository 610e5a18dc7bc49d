/**
 * Worlds for `idemsim conform --worlds N --seed S`: the first N cases fast-check draws, with seed
 * S, from the hunt's space for a strategy (its faults, workloads, client policies and settings;
 * src/hunt/), each laid over the hunt's base scenario. The bundled scenarios hardly make a
 * transaction wait; these worlds reach schedules no one wrote by hand. Same seed, same worlds.
 */
import fc from 'fast-check';
import { applyHuntCase } from '../hunt/apply-hunt-case.js';
import { huntSpace } from '../hunt/derive-space.js';
import { huntBaseScenario } from '../hunt/hunt-base.js';
import { huntCaseArbitrary } from '../hunt/world-arbitraries.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';

/** `count` worlds for `strategy`, named "world-<seed>-<n>" (n from 1), one seed each. */
export async function huntWorlds(strategy: Strategy, count: number, seed: number): Promise<Scenario[]> {
  const space = await huntSpace(strategy, huntBaseScenario);
  const cases = fc.sample(huntCaseArbitrary(space), { seed, numRuns: count });
  return cases.map((huntCase, index) => ({
    ...applyHuntCase(huntBaseScenario, strategy.name, huntCase),
    name: `world-${seed}-${index + 1}`,
  }));
}
