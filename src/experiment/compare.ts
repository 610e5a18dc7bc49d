/**
 * The main job: every strategy through every scenario over several seeds, with each scenario's
 * expectations checked. Returns data; the report layer renders it.
 */
import { checkExpectation, type ExpectationCheck } from '../checks/expectation.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { runSeries, seedsFrom } from './run-series.js';
import type { SeriesSummary } from './series-summary.js';

export interface ScenarioComparison {
  readonly name: string;
  readonly title: string;
  readonly seeds: readonly number[];
  readonly results: readonly SeriesSummary[];
  /** By strategy name, for the strategies the scenario states an expectation for. */
  readonly expectations: Readonly<Record<string, ExpectationCheck>>;
}

export interface Comparison {
  readonly scenarios: readonly ScenarioComparison[];
}

export interface CompareInput {
  readonly scenarios: readonly Scenario[];
  readonly strategies: readonly Strategy[];
  /** Seeds per scenario (default: each scenario's own `seeds`). */
  readonly seedCount?: number;
  /** Called after each run with (runs done, runs in all). */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function compare(input: CompareInput): Promise<Comparison> {
  const seedLists = input.scenarios.map((scenario) => seedsFrom(scenario.seed, input.seedCount ?? scenario.seeds));
  const total = seedLists.reduce((sum, seeds) => sum + seeds.length, 0) * input.strategies.length;
  let done = 0;
  const onRunDone = (): void => input.onProgress?.(++done, total);
  const scenarios: ScenarioComparison[] = [];
  for (const [index, scenario] of input.scenarios.entries()) {
    const seeds = seedLists[index] as number[];
    const results: SeriesSummary[] = [];
    for (const strategy of input.strategies) results.push(await runSeries({ scenario, strategy, seeds, onRunDone }));
    scenarios.push({ name: scenario.name, title: scenario.title, seeds, results, expectations: expectationsOf(scenario, results) });
  }
  return { scenarios };
}

function expectationsOf(scenario: Scenario, results: readonly SeriesSummary[]): Record<string, ExpectationCheck> {
  const checks: Record<string, ExpectationCheck> = {};
  for (const result of results) {
    const expected = scenario.expect[result.strategy];
    if (expected !== undefined) checks[result.strategy] = checkExpectation(expected, result.harms);
  }
  return checks;
}

/** True when every stated expectation held. */
export function expectationsHold(comparison: Comparison): boolean {
  return comparison.scenarios.every((scenario) => Object.values(scenario.expectations).every((check) => check.holds));
}
