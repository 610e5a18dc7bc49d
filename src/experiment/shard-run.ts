/**
 * A shard's share of a comparison (a compare or a sweep): the series the split gives it, run as
 * a whole comparison runs them, each tagged with its place in the plan.
 */
import { planComparison, runJobs, type SeriesRunner } from './compare.js';
import { assignShards, type ShardSpec } from './shard-assignment.js';
import { seriesCosts, type SeriesRunSpec, type ShardSeries } from './shard-file.js';
import type { Strategy } from '../strategies/strategy.js';

export interface SeriesShardInput {
  readonly run: SeriesRunSpec;
  /** The strategies `run.strategies` names, resolved, in the same order. */
  readonly strategies: readonly Strategy[];
  readonly shard: ShardSpec;
  /** Called after each run with (runs done, runs in this shard). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs the series, possibly in parallel (default: one after another, in this thread). */
  readonly runner?: SeriesRunner;
}

/** How many series shard `shard` runs (to size a worker pool). */
export function shardSeriesCount(run: SeriesRunSpec, shard: ShardSpec): number {
  return assignShards(seriesCosts(run), shard.count).filter((owner) => owner === shard.index).length;
}

export async function runSeriesShard(input: SeriesShardInput): Promise<ShardSeries[]> {
  const { run, shard } = input;
  const owner = assignShards(seriesCosts(run), shard.count);
  const mine = owner.flatMap((index, job) => (index === shard.index ? [job] : []));
  const plan = planComparison(
    {
      scenarios: run.scenarios,
      strategies: input.strategies,
      ...(run.seedCount === null ? {} : { seedCount: run.seedCount }),
      ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    },
    (job) => owner[job] === shard.index,
  );
  const summaries = await runJobs(plan.jobs, input.runner);
  return summaries.map((summary, index) => ({ job: mine[index] as number, summary }));
}
