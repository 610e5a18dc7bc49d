/**
 * Runs many series (compare, sweep) on worker threads when more than one is worth it, with a
 * progress line on stderr, and always closes the pool and the line, however the work ends.
 */
import type { SeriesRunner } from '../experiment/compare.js';
import type { Strategy } from '../strategies/strategy.js';
import { progressOnStderr } from './progress.js';
import { createSeriesPool, defaultPoolSize } from './series-pool.js';

export interface PooledRunOptions {
  readonly strategies: readonly Strategy[];
  /** What each strategy was named by on the command line (a user's file by its path), in the same order. */
  readonly references: readonly string[];
  /** --jobs, when given. */
  readonly jobs: number | undefined;
  /** How many series the work runs: no more workers than that. */
  readonly seriesCount: number;
  /** The progress line's label ("comparing"). */
  readonly label: string;
}

export interface PooledRun {
  /** Absent: run in this thread. */
  readonly runner?: SeriesRunner;
  readonly onProgress: (done: number, total: number) => void;
}

export async function pooledRun<T>(
  options: PooledRunOptions,
  work: (run: PooledRun) => Promise<T>,
): Promise<T> {
  const { strategies, references } = options;
  const referenceOf = (name: string): string =>
    references[strategies.findIndex((strategy) => strategy.name === name)] ?? name;
  const jobs = Math.min(options.jobs ?? defaultPoolSize(), options.seriesCount);
  const pool = jobs > 1 ? createSeriesPool(jobs, referenceOf) : undefined;
  const progress = progressOnStderr(options.label);
  try {
    return await work({
      ...(pool === undefined ? {} : { runner: pool.runner }),
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
    await pool?.close();
  }
}
