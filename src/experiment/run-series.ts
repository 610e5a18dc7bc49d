/**
 * Runs one strategy through one scenario over several seeds, without traces (a comparison
 * does not need them and they cost memory), and summarises the series.
 */
import { clientLatenciesMs, finalityDurationsMs } from '../metrics/finality.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { runExperiment } from './run-experiment.js';
import { summarizeRun, type RunSummary } from './run-summary.js';
import { summarizeSeries, type SeriesSummary } from './series-summary.js';
import type { StrategyMonitor, StrategyThrows } from './strategy-watch.js';

export interface SeriesInput {
  readonly scenario: Scenario;
  readonly strategy: Strategy;
  readonly seeds: readonly number[];
  /** Called after each run (for progress on long comparisons). */
  readonly onRunDone?: () => void;
  /** Told when a user's strategy code starts and stops running (run-experiment.ts). */
  readonly monitor?: StrategyMonitor;
}

export async function runSeries(input: SeriesInput): Promise<SeriesSummary> {
  const runs: RunSummary[] = [];
  const latenciesMs: number[] = [];
  const finalitiesMs: number[] = [];
  let threw: StrategyThrows | undefined;
  for (const seed of input.seeds) {
    const outcome = await runExperiment({
      scenario: input.scenario,
      strategy: input.strategy,
      seed,
      trace: false,
      ...(input.monitor === undefined ? {} : { monitor: input.monitor }),
    });
    threw = addThrows(threw, outcome.strategyThrew);
    runs.push(summarizeRun(outcome));
    // A loop, not push(...values): a spread of a million arguments overflows the stack.
    for (const ms of clientLatenciesMs(outcome.history)) latenciesMs.push(ms);
    for (const ms of finalityDurationsMs(outcome.history, outcome.ledger)) finalitiesMs.push(ms);
    input.onRunDone?.();
  }
  const summary = summarizeSeries(input.strategy.name, { runs, latenciesMs, finalitiesMs });
  return threw === undefined ? summary : { ...summary, strategyThrew: threw };
}

/** Counts add up over seeds; the first message is the earliest seed's. */
function addThrows(
  sofar: StrategyThrows | undefined,
  run: StrategyThrows | undefined,
): StrategyThrows | undefined {
  if (run === undefined) return sofar;
  if (sofar === undefined) return run;
  return { count: sofar.count + run.count, first: sofar.first };
}
