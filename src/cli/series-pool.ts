/**
 * Runs a comparison's series on worker threads (see defaultPoolSize for how many): the runs are independent and
 * CPU-bound, and each series is deterministic on its own, so the table is the same bytes with or
 * without the pool. Under the test runner (sources, not the build) workers load TypeScript
 * through tsx.
 *
 * Each worker is watched (strategy-watchdog.ts): one whose user strategy runs without yielding
 * back for longer than the budget is terminated, and its job fails with one line saying where.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SeriesJob, SeriesRunner } from '../experiment/compare.js';
import type { ExperimentInput, Outcome } from '../experiment/run-experiment.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import type { WorkerJob, WorkerMessage, WorkerSetup } from './series-worker.js';
import { STEP_BUDGET_MS, watchdogMemory, watchStrategy } from './strategy-watchdog.js';

export interface SeriesPool {
  readonly runner: SeriesRunner;
  /** One run in detail, on a worker (a user's strategy is contained there). */
  readonly runOne: (input: ExperimentInput) => Promise<Outcome>;
  close(): Promise<void>;
}

type JobData =
  | { readonly kind: 'series'; readonly seeds: readonly number[] }
  | {
      readonly kind: 'run';
      readonly seed: number;
      readonly trace: boolean;
      readonly recordStoreSchedules: boolean;
    };

interface Pending {
  readonly id: number;
  readonly scenario: SeriesJob['scenario'];
  readonly strategyName: string;
  readonly data: JobData;
  readonly onRunDone: () => void;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** A worker that registers tsx's loader in its own thread, then imports the TypeScript worker. */
export function typescriptBootstrap(workerUrl: URL): URL {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(workerUrl.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * On 2 cores or fewer one thread was measured as fast as two or faster (the default compare, the
 * machine shared with other work: the main thread's share of the cores is all a pool adds, and
 * each worker loads the simulator again); with more cores, one worker per core.
 */
export function defaultPoolSize(): number {
  const cores = availableParallelism();
  return cores <= 2 ? 1 : cores;
}

/** What --help says the default is. */
export const JOBS_DEFAULT_HELP =
  '1 on 2 cores or fewer, where one thread measured fastest; else one per core';

interface PoolWorker {
  readonly worker: Worker;
  readonly watchdog: SharedArrayBuffer;
}

/** `referenceOf` gives the name or path a worker can resolve the strategy from. */
export function createSeriesPool(size: number, referenceOf: (strategyName: string) => string): SeriesPool {
  const typescript = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(`./series-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const queue: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  const idle: PoolWorker[] = [];
  const stopWatching = new Map<number, () => void>();
  let nextId = 0;

  const finish = (id: number): Pending | undefined => {
    const pending = inFlight.get(id);
    inFlight.delete(id);
    stopWatching.get(id)?.();
    stopWatching.delete(id);
    return pending;
  };
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const pooled = idle.pop() as PoolWorker;
      const next = queue.shift() as Pending;
      inFlight.set(next.id, next);
      stopWatching.set(
        next.id,
        watchStrategy(pooled.watchdog, (where) => {
          finish(next.id);
          void pooled.worker.terminate();
          next.reject(
            new BrokenStrategyError(
              `${where} ran for ${STEP_BUDGET_MS / 1000} s of wall time without yielding back (a synchronous endless loop?)`,
            ),
          );
        }),
      );
      const message: WorkerJob = {
        id: next.id,
        scenario: next.scenario,
        strategyReference: referenceOf(next.strategyName),
        ...next.data,
      };
      pooled.worker.postMessage(message);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const watchdog = watchdogMemory();
    const setup: WorkerSetup = { watchdog };
    const worker = typescript
      ? new Worker(typescriptBootstrap(workerUrl), { workerData: setup })
      : new Worker(workerUrl, { workerData: setup });
    const pooled: PoolWorker = { worker, watchdog };
    worker.on('message', (message: WorkerMessage) => {
      const pending = inFlight.get(message.id);
      if (pending === undefined) return;
      if (message.kind === 'run-done') return pending.onRunDone();
      finish(message.id);
      if (message.kind === 'done') pending.resolve(message.result);
      else if (message.broken) pending.reject(new BrokenStrategyError(message.message));
      else pending.reject(new Error(message.message));
      idle.push(pooled);
      dispatch();
    });
    worker.on('error', (error) => {
      for (const id of [...inFlight.keys()]) finish(id)?.reject(error);
    });
    idle.push(pooled);
    return worker;
  });
  const submit = (pending: Omit<Pending, 'id'>): void => {
    queue.push({ ...pending, id: nextId++ });
    dispatch();
  };

  return {
    runner: (job) =>
      new Promise<SeriesSummary>((resolve, reject) => {
        submit({
          scenario: job.scenario,
          strategyName: job.strategy.name,
          data: { kind: 'series', seeds: job.seeds },
          onRunDone: job.onRunDone,
          resolve: (result) => resolve(result as SeriesSummary),
          reject,
        });
      }),
    runOne: (input) =>
      new Promise<Outcome>((resolve, reject) => {
        submit({
          scenario: input.scenario,
          strategyName: input.strategy.name,
          data: {
            kind: 'run',
            seed: input.seed,
            trace: input.trace ?? true,
            recordStoreSchedules: input.recordStoreSchedules ?? false,
          },
          onRunDone: () => {},
          resolve: (result) => resolve(result as Outcome),
          reject,
        });
      }),
    close: async () => {
      for (const stop of stopWatching.values()) stop();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
