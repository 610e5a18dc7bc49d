/**
 * A worker thread of `compare` (and of `run` with a user's strategy): runs jobs sent by the pool
 * and answers with their results. Everything it receives is plain data; the strategy travels as
 * its reference (a built-in name or a file path) and is resolved here. A user's strategy reports
 * to the watchdog's shared memory (strategy-watchdog.ts), so the main thread can stop this thread
 * when the strategy never yields back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runExperiment } from '../experiment/run-experiment.js';
import { runSeries } from '../experiment/run-series.js';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import type { Scenario } from '../scenario/scenario.js';
import { resolveStrategy } from './strategy-choice.js';
import { sharedMonitor } from './strategy-watchdog.js';

interface JobBase {
  readonly id: number;
  readonly scenario: Scenario;
  readonly strategyReference: string;
}

/** A series (compare, sweep) or one run in detail (run). */
export type WorkerJob =
  | (JobBase & { readonly kind: 'series'; readonly seeds: readonly number[] })
  | (JobBase & {
      readonly kind: 'run';
      readonly seed: number;
      readonly trace: boolean;
      /** Record the store servers' schedules (conform). */
      readonly recordStoreSchedules: boolean;
    });

export type WorkerMessage =
  | { readonly id: number; readonly kind: 'run-done' }
  | { readonly id: number; readonly kind: 'done'; readonly result: unknown }
  | {
      readonly id: number;
      readonly kind: 'failed';
      readonly message: string;
      /** The strategy broke the simulation's rules (BrokenStrategyError): bad input, not a bug. */
      readonly broken: boolean;
    };

/** What the pool hands each worker when it starts. */
export interface WorkerSetup {
  readonly watchdog: SharedArrayBuffer;
}

const port = parentPort;
if (port !== null) {
  const monitor = sharedMonitor((workerData as WorkerSetup).watchdog);
  port.on('message', (job: WorkerJob) => {
    const post = (message: WorkerMessage): void => port.postMessage(message);
    resolveStrategy(job.strategyReference)
      .then((strategy): Promise<unknown> => {
        if (job.kind === 'run')
          return runExperiment({
            scenario: job.scenario,
            strategy,
            seed: job.seed,
            trace: job.trace,
            recordStoreSchedules: job.recordStoreSchedules,
            monitor,
          });
        return runSeries({
          scenario: job.scenario,
          strategy,
          seeds: job.seeds,
          monitor,
          onRunDone: () => post({ id: job.id, kind: 'run-done' }),
        });
      })
      .then(
        (result) => post({ id: job.id, kind: 'done', result }),
        (error: unknown) =>
          post({
            id: job.id,
            kind: 'failed',
            message: error instanceof Error ? error.message : String(error),
            broken: error instanceof BrokenStrategyError,
          }),
      );
  });
}
