/**
 * The main job: every strategy through every scenario over several seeds, with each scenario's
 * expectations checked. Returns data; the report layer renders it.
 */
import { seedsFrom } from './scenario-seeds.js';
import { checkExpectation, type ExpectationCheck } from '../checks/expectation.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
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
  const plan = planComparison(input);
  const results = await runJobs(plan.jobs, input.runner);
  return assembleComparison(input.scenarios, input.strategies.length, plan.seedLists, results);
}

/** The jobs a comparison runs, in order: each scenario, every strategy in it. */
export interface ComparisonPlan {
  readonly seedLists: readonly (readonly number[])[];
  readonly jobs: readonly SeriesJob[];
}

/** `only` keeps the jobs at those indexes (a shard's share); progress counts only those. */
export function planComparison(input: CompareInput, only?: (jobIndex: number) => boolean): ComparisonPlan {
  const seedLists = input.scenarios.map((scenario) =>
    seedsFrom(scenario.seed, input.seedCount ?? scenario.seeds),
  );
  const all = input.scenarios.flatMap((scenario, index) =>
    input.strategies.map((strategy) => ({ scenario, strategy, seeds: seedLists[index] as number[] })),
  );
  const kept = all.filter((_, index) => only?.(index) ?? true);
  const total = kept.reduce((sum, job) => sum + job.seeds.length, 0);
  let done = 0;
  const onRunDone = (): void => input.onProgress?.(++done, total);
  return { seedLists, jobs: kept.map((job): SeriesJob => ({ ...job, onRunDone })) };
}

/** Runs the jobs on `runner`, or in this thread one after another; results keep job order. */
export function runJobs(
  jobs: readonly SeriesJob[],
  runner: SeriesRunner | undefined,
): Promise<SeriesSummary[]> {
  return runner === undefined ? runInTurn(jobs) : Promise.all(jobs.map(runner));
}

/** The comparison from every job's summary, in plan order (a whole run's, or merged shards'). */
export function assembleComparison(
  scenarios: readonly Scenario[],
  strategyCount: number,
  seedLists: readonly (readonly number[])[],
  results: readonly SeriesSummary[],
): Comparison {
  return {
    scenarios: scenarios.map((scenario, index) => {
      const own = results.slice(index * strategyCount, (index + 1) * strategyCount);
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

/**
 * In this thread, strictly one after another: runs share module-level pools (ioredis-mock hosts).
 * The simulator is loaded only here: a comparison whose series run on worker threads leaves it to
 * them, and the CLI's thread starts (reads the scenarios, renders the table) without pg-mem,
 * ioredis-mock and the rest, while a worker loads them.
 */
async function runInTurn(jobs: readonly SeriesJob[]): Promise<SeriesSummary[]> {
  const { runSeries } = await import('./run-series.js');
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

/** A stated expectation that did not hold: which scenario, which strategy, and the check. */
export interface MissedExpectation {
  readonly scenario: string;
  readonly strategy: string;
  readonly check: ExpectationCheck;
}

/** Every stated expectation that did not hold, in table order. */
export function missedExpectations(comparison: Comparison): MissedExpectation[] {
  return comparison.scenarios.flatMap((scenario) =>
    Object.entries(scenario.expectations)
      .filter(([, check]) => !check.holds)
      .map(([strategy, check]) => ({ scenario: scenario.name, strategy, check })),
  );
}

/** True when every stated expectation held. */
export function expectationsHold(comparison: Comparison): boolean {
  return missedExpectations(comparison).length === 0;
}
