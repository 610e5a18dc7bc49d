/**
 * Runs many series (compare, sweep) on worker threads when more than one is worth it, with a
 * progress line on stderr, and always closes the pool and the line, however the work ends.
 */
import { compare, type Comparison, type SeriesRunner } from '../experiment/compare.js';
import { sweep, type Sweep } from '../experiment/sweep.js';
import type { Scenario } from '../scenario/scenario.js';
import type { SweepPlan } from '../scenario/sweep-plan.js';
import { progressOnStderr } from './progress.js';
import { createSeriesPool, defaultPoolSize } from './series-pool.js';
import type { ChosenStrategy } from './strategy-choice.js';
import { isModulePath } from './user-module.js';

export interface PooledRunOptions {
  /** The strategies the work runs, each with the reference a worker resolves it from. */
  readonly strategies: readonly ChosenStrategy[];
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
  const references = new Map(options.strategies.map(({ strategy, reference }) => [strategy.name, reference]));
  const referenceOf = (name: string): string => references.get(name) ?? name;
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultPoolSize(), options.seriesCount));
  // A user's strategy always runs on a worker: only there can a synchronous endless loop be stopped.
  const contained = options.strategies.some(({ reference }) => isModulePath(reference));
  const pool = jobs > 1 || contained ? createSeriesPool(jobs, referenceOf) : undefined;
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

/** The comparison `compare` and `report` both print: every chosen strategy through every scenario, pooled. */
export function pooledComparison(
  scenarios: readonly Scenario[],
  chosen: readonly ChosenStrategy[],
  flags: { readonly jobs?: number | undefined; readonly seeds?: number | undefined },
): Promise<Comparison> {
  const strategies = chosen.map(({ strategy }) => strategy);
  return pooledRun(
    {
      strategies: chosen,
      jobs: flags.jobs,
      label: 'comparing',
      seriesCount: scenarios.length * chosen.length,
    },
    ({ runner, onProgress }) =>
      compare({
        scenarios,
        strategies,
        ...(flags.seeds === undefined ? {} : { seedCount: flags.seeds }),
        ...(runner === undefined ? {} : { runner }),
        onProgress,
      }),
  );
}

/** The sweep `sweep` and `report --sweep` both print: every chosen strategy at every point of the plan, pooled. */
export function pooledSweep(
  plan: SweepPlan,
  chosen: readonly ChosenStrategy[],
  flags: { readonly jobs?: number | undefined; readonly seeds?: number | undefined },
): Promise<Sweep> {
  return pooledRun(
    {
      strategies: chosen,
      jobs: flags.jobs,
      label: 'sweeping',
      seriesCount: plan.points.length * chosen.length,
    },
    ({ runner, onProgress }) =>
      sweep({
        plan,
        strategies: chosen.map(({ strategy }) => strategy),
        ...(flags.seeds === undefined ? {} : { seedCount: flags.seeds }),
        ...(runner === undefined ? {} : { runner }),
        onProgress,
      }),
  );
}
