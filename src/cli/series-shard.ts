/**
 * `compare --shard i/n` and `sweep --shard i/n`: run this machine's share of the series and write
 * it as a shard file (stdout, or --out). The table, chart or exit code comes from `idemsim merge`.
 */
import type { ShardSpec } from '../experiment/shard-assignment.js';
import { shardFile, type CompareShard, type SweepShard } from '../experiment/shard-file.js';
import { runSeriesShard, shardSeriesCount } from '../experiment/shard-run.js';
import { UsageError, type CliIo } from './cli-io.js';
import { emit } from './output.js';
import { pooledRun } from './pooled-run.js';
import type { ChosenStrategy } from './strategy-choice.js';
import type { SweepPlan } from '../scenario/sweep-plan.js';

export interface SeriesShardOptions {
  readonly shard: ShardSpec;
  /** What was run, as the shard file records it (without the series). */
  readonly body: Omit<CompareShard, 'series'> | Omit<SweepShard, 'series'>;
  readonly strategies: readonly ChosenStrategy[];
  /** --jobs, when given. */
  readonly jobs: number | undefined;
  /** --out, when given. */
  readonly out: string | undefined;
}

export async function writeSeriesShard(io: CliIo, options: SeriesShardOptions): Promise<void> {
  const { shard, body } = options;
  const series = await pooledRun(
    {
      strategies: options.strategies,
      jobs: options.jobs,
      seriesCount: Math.max(1, shardSeriesCount(body.run, shard)),
      label: `${body.command} shard ${shard.index}/${shard.count}`,
    },
    ({ runner, onProgress }) =>
      runSeriesShard({
        run: body.run,
        strategies: options.strategies.map(({ strategy }) => strategy),
        shard,
        ...(runner === undefined ? {} : { runner }),
        onProgress,
      }),
  );
  const file = shardFile(shard, { ...body, series } as CompareShard | SweepShard);
  emit(io, `${JSON.stringify(file)}\n`, options.out);
}

/** A shard writes data for merge; how to show the result is merge's option. */
export function refuseFormatWithShard(flags: { json?: boolean; csv?: boolean; markdown?: boolean }): void {
  const given = (['json', 'csv', 'markdown'] as const).find((format) => flags[format] === true);
  if (given !== undefined)
    throw new UsageError(
      `--shard writes a shard file; give --${given} to \`idemsim merge\`, which prints the result`,
    );
}

/** What a sweep shard records it ran: the variants, the strategies, the seeds and the points. */
export function sweepRunSpec(
  plan: SweepPlan,
  points: SweepPlan['points'],
  chosen: readonly ChosenStrategy[],
  seedCount: number | undefined,
): SweepShard['run'] {
  return {
    scenarios: points.map((point) => point.scenario),
    strategies: chosen.map(({ reference }) => reference),
    seedCount: seedCount ?? null,
    field: plan.field,
    kind: plan.kind,
    points: points.map(({ value, label }) => ({ value, label })),
  };
}
