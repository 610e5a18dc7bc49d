/**
 * Runs a comparison's series on worker threads (see defaultPoolSize for how many): the runs are independent and
 * CPU-bound, and each series is deterministic on its own, so the table is the same bytes with or
 * without the pool. Under the test runner (sources, not the build) workers load TypeScript
 * through tsx.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SeriesJob, SeriesRunner } from '../experiment/compare.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import type { WorkerJob, WorkerMessage } from './series-worker.js';

export interface SeriesPool {
  readonly runner: SeriesRunner;
  close(): Promise<void>;
}

interface Pending {
  readonly job: SeriesJob;
  readonly resolve: (summary: SeriesSummary) => void;
  readonly reject: (error: Error) => void;
}

/** A worker that registers tsx's loader in its own thread, then imports the TypeScript worker. */
function typescriptBootstrap(workerUrl: URL): URL {
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

/** `referenceOf` gives the name or path a worker can resolve the strategy from. */
export function createSeriesPool(size: number, referenceOf: (strategyName: string) => string): SeriesPool {
  const typescript = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(`./series-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const queue: Array<Pending & { readonly id: number }> = [];
  const inFlight = new Map<number, Pending>();
  const idle: Worker[] = [];
  let nextId = 0;

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const next = queue.shift() as Pending & { readonly id: number };
      inFlight.set(next.id, next);
      const message: WorkerJob = {
        id: next.id,
        scenario: next.job.scenario,
        strategyReference: referenceOf(next.job.strategy.name),
        seeds: next.job.seeds,
      };
      worker.postMessage(message);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const worker = typescript ? new Worker(typescriptBootstrap(workerUrl)) : new Worker(workerUrl);
    worker.on('message', (message: WorkerMessage) => {
      const pending = inFlight.get(message.id);
      if (pending === undefined) return;
      if (message.kind === 'run-done') return pending.job.onRunDone();
      inFlight.delete(message.id);
      if (message.kind === 'done') pending.resolve(message.summary as SeriesSummary);
      else pending.reject(new Error(message.message));
      idle.push(worker);
      dispatch();
    });
    worker.on('error', (error) => {
      for (const pending of inFlight.values()) pending.reject(error);
      inFlight.clear();
    });
    idle.push(worker);
    return worker;
  });

  return {
    runner: (job) =>
      new Promise<SeriesSummary>((resolve, reject) => {
        queue.push({ id: nextId++, job, resolve, reject });
        dispatch();
      }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
