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

/** One strategy through one scenario over its seeds: the unit of work a comparison hands out. */
export interface SeriesJob {
  readonly scenario: Scenario;
  readonly strategy: Strategy;
  readonly seeds: readonly number[];
  /** Called after each run. */
  readonly onRunDone: () => void;
}

/** Runs one job; a comparison may run several at once (on worker threads), results keep job order. */
export type SeriesRunner = (job: SeriesJob) => Promise<SeriesSummary>;

export interface CompareInput {
  readonly scenarios: readonly Scenario[];
  readonly strategies: readonly Strategy[];
  /** Seeds per scenario (default: each scenario's own `seeds`). */
  readonly seedCount?: number;
  /** Called after each run with (runs done, runs in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs the jobs, possibly in parallel (default: one after another, in this thread). */
  readonly runner?: SeriesRunner;
}

export async function compare(input: CompareInput): Promise<Comparison> {
  const seedLists = input.scenarios.map((scenario) =>
    seedsFrom(scenario.seed, input.seedCount ?? scenario.seeds),
  );
  const total = seedLists.reduce((sum, seeds) => sum + seeds.length, 0) * input.strategies.length;
  let done = 0;
  const onRunDone = (): void => input.onProgress?.(++done, total);
  const jobs = input.scenarios.flatMap((scenario, index) =>
    input.strategies.map(
      (strategy): SeriesJob => ({ scenario, strategy, seeds: seedLists[index] as number[], onRunDone }),
    ),
  );
  const results =
    input.runner === undefined ? await runInTurn(jobs) : await Promise.all(jobs.map(input.runner));
  return {
    scenarios: input.scenarios.map((scenario, index) => {
      const own = results.slice(index * input.strategies.length, (index + 1) * input.strategies.length);
      return {
        name: scenario.name,
        title: scenario.title,
        seeds: seedLists[index] as number[],
        results: own,
        expectations: expectationsOf(scenario, own),
      };
    }),
  };
}

/** In this thread, strictly one after another: runs share module-level pools (ioredis-mock hosts). */
async function runInTurn(jobs: readonly SeriesJob[]): Promise<SeriesSummary[]> {
  const results: SeriesSummary[] = [];
  for (const job of jobs) results.push(await runSeries(job));
  return results;
}

function expectationsOf(
  scenario: Scenario,
  results: readonly SeriesSummary[],
): Record<string, ExpectationCheck> {
  const checks: Record<string, ExpectationCheck> = {};
  for (const result of results) {
    const expected = scenario.expect[result.strategy];
    if (expected !== undefined)
      checks[result.strategy] = checkExpectation(expected, result.harms, result.exposure.exercised);
  }
  return checks;
}

/** True when every stated expectation held. */
export function expectationsHold(comparison: Comparison): boolean {
  return comparison.scenarios.every((scenario) =>
    Object.values(scenario.expectations).every((check) => check.holds),
  );
}
