/**
 * The worker thread of a hunt with a user's strategy (hunt-run.ts): loads the strategy and the
 * properties from their references, runs the hunt with the strategy reporting to the watchdog's
 * shared memory, and answers with the result as plain data. Progress goes back at most every
 * TICK_MS of wall time.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { hunt } from '../hunt/hunt.js';
import type { HuntCoverage } from '../hunt/hunt-coverage.js';
import { StrategyConfigError } from '../strategies/configure.js';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import { UsageError } from './cli-io.js';
import { parseProperties } from './hunt-properties.js';
import {
  emptyCoverage,
  huntOptionsOf,
  toWire,
  type HuntWorkerMessage,
  type HuntWorkerSetup,
} from './hunt-run.js';
import { resolveStrategy } from './strategy-choice.js';
import { sharedMonitor } from './strategy-watchdog.js';
import { isModulePath } from './user-module.js';

/** Wall time between two progress messages, ms: often enough for a progress line, rare enough to cost nothing. */
const TICK_MS = 100;

const port = parentPort;
if (port !== null) {
  const { request, watchdog } = workerData as HuntWorkerSetup;
  const post = (message: HuntWorkerMessage): void => port.postMessage(message);
  let searched: HuntCoverage | undefined;
  let lastTickMs = 0;
  Promise.all([resolveStrategy(request.strategyReference), parseProperties(request.propertyList)])
    .then(([strategy, properties]) =>
      hunt({
        ...huntOptionsOf(request),
        strategy,
        properties,
        // Only a user's code is watched: telling the watchdog of every resume costs a built-in
        // strategy's hunt (hunt --jobs) time for nothing.
        ...(isModulePath(request.strategyReference) ? { monitor: sharedMonitor(watchdog) } : {}),
        onRun: ({ phase, runs, failures, coverage }) => {
          if (phase === 'search') searched = coverage;
          const nowMs = performance.now();
          if (nowMs - lastTickMs < TICK_MS) return;
          lastTickMs = nowMs;
          post({ kind: 'tick', phase, runs, failures, coverage: coverage.summary() });
        },
      }),
    )
    .then(
      (result) =>
        post({ kind: 'done', result: toWire(result), coverage: searched?.summary() ?? emptyCoverage() }),
      (error: unknown) =>
        post({
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
          broken: error instanceof BrokenStrategyError,
          badInput: error instanceof UsageError || error instanceof StrategyConfigError,
        }),
    );
}
