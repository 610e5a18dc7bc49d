/**
 * What a shard writes: the format's version, what was run (identical in every shard of a set, so
 * a merge can refuse shards of different runs), which share this shard ran, and its results as
 * plain data. Built here, written by the CLI, joined by merge-shards.ts.
 */
import type { Scenario } from '../scenario/scenario.js';
import type { FieldKind } from '../scenario/field-kind.js';
import type { SeriesSummary } from './series-summary.js';
import type { ShardSpec } from './shard-assignment.js';

export const SHARD_FORMAT = 'idemsim-shard';
/** Bumped whenever a field changes meaning: a merge refuses any other version. */
export const SHARD_FORMAT_VERSION = 1;

/** A compare's or a sweep's run: the scenarios (a sweep's variants) and who ran through them. */
export interface SeriesRunSpec {
  readonly scenarios: readonly Scenario[];
  /** Strategy references as given (built-in names or paths), in order. */
  readonly strategies: readonly string[];
  /** --seeds, when given. */
  readonly seedCount: number | null;
}

/** One series a shard ran, by its index in the plan (scenario-major, then strategy). */
export interface ShardSeries {
  readonly job: number;
  readonly summary: SeriesSummary;
}

export interface CompareShard {
  readonly command: 'compare';
  readonly run: SeriesRunSpec;
  readonly series: readonly ShardSeries[];
}

export interface SweepShard {
  readonly command: 'sweep';
  readonly run: SeriesRunSpec & {
    readonly field: string;
    readonly kind: FieldKind;
    /** Each point's value and label; its scenario is `scenarios` at the same index. */
    readonly points: ReadonlyArray<{ readonly value: number; readonly label: string }>;
  };
  readonly series: readonly ShardSeries[];
}

export interface HuntRunSpec {
  /** --strategy as given. */
  readonly strategy: string;
  /** The base world as loaded. */
  readonly base: Scenario;
  /** --property as given. */
  readonly property: string;
  readonly seed: number;
  /** Cases across all shards. */
  readonly runs: number;
}

/** What a hunt shard found in its block of cases, enough for a merge to rebuild the report. */
export type HuntShardOutcome =
  | { readonly found: false; readonly runs: number; readonly interrupted: boolean }
  | {
      readonly found: true;
      /** Cases up to and including the find, counted from the hunt's first case. */
      readonly runs: number;
      readonly path: string;
      readonly shrinks: number;
      readonly shrinkRuns: number;
      /** The smallest case, a HuntCase (hunt/hunt-case.ts: that layer sits above this one). */
      readonly huntCase: unknown;
    };

export interface HuntShard {
  readonly command: 'hunt';
  readonly run: HuntRunSpec;
  /** The cases [first, end) this shard tried. */
  readonly cases: { readonly first: number; readonly end: number };
  readonly outcome: HuntShardOutcome;
}

export type ShardBody = CompareShard | SweepShard | HuntShard;

export type ShardFile = {
  readonly format: typeof SHARD_FORMAT;
  readonly version: number;
  readonly shard: ShardSpec;
} & ShardBody;

export function shardFile(shard: ShardSpec, body: ShardBody): ShardFile {
  return { format: SHARD_FORMAT, version: SHARD_FORMAT_VERSION, shard, ...body };
}

/** Relative cost of each series of a run: seeds times payments (what the runs spend their time on). */
export function seriesCosts(run: SeriesRunSpec): number[] {
  return run.scenarios.flatMap((scenario) =>
    run.strategies.map(() => (run.seedCount ?? scenario.seeds) * scenario.workload.payments),
  );
}
