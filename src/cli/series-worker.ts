/**
 * A worker thread of `compare`: runs series jobs sent by the pool and answers with their
 * summaries. Everything it receives is plain data; the strategy travels as its reference (a
 * built-in name or a file path) and is resolved here.
 */
import { parentPort } from 'node:worker_threads';
import { runSeries } from '../experiment/run-series.js';
import type { Scenario } from '../scenario/scenario.js';
import { resolveStrategy } from './strategy-choice.js';

export interface WorkerJob {
  readonly id: number;
  readonly scenario: Scenario;
  readonly strategyReference: string;
  readonly seeds: readonly number[];
}

export type WorkerMessage =
  | { readonly id: number; readonly kind: 'run-done' }
  | { readonly id: number; readonly kind: 'done'; readonly summary: unknown }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string };

const port = parentPort;
if (port !== null) {
  port.on('message', (job: WorkerJob) => {
    const post = (message: WorkerMessage): void => port.postMessage(message);
    resolveStrategy(job.strategyReference)
      .then((strategy) =>
        runSeries({
          scenario: job.scenario,
          strategy,
          seeds: job.seeds,
          onRunDone: () => post({ id: job.id, kind: 'run-done' }),
        }),
      )
      .then(
        (summary) => post({ id: job.id, kind: 'done', summary }),
        (error: unknown) =>
          post({
            id: job.id,
            kind: 'failed',
            message: error instanceof Error ? error.message : String(error),
          }),
      );
  });
}
