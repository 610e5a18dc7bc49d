/**
 * Runs a hunt for the CLI (`hunt`, `hunt --shard`): in this thread for a built-in strategy, and on
 * a worker thread for a user's, where a synchronous endless loop in their code can be stopped.
 *
 * The worker is watched as the series pool's are (strategy-watchdog.ts): when strategy code runs
 * for longer than the budget without yielding back, the worker is terminated and the hunt fails
 * with one line naming the strategy, the payment and the last port call (a BrokenStrategyError,
 * exit 2). Whatever else a user's strategy breaks (a zero-length sleep without end, a yield that
 * is not a port call, an answer without a status) the worker's hunt reports the same way.
 *
 * Either way the caller gets the same result, and the search's coverage for its report.
 */
import { Worker } from 'node:worker_threads';
import { hunt, type HuntFound, type HuntPassed, type HuntProgress, type HuntResult } from '../hunt/hunt.js';
import type { CoverageSummary, HuntCoverage } from '../hunt/hunt-coverage.js';
import type { HuntProperty } from '../hunt/properties.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import { UsageError } from './cli-io.js';
import { typescriptBootstrap } from './series-pool.js';
import { STEP_BUDGET_MS, watchdogMemory, watchStrategy } from './strategy-watchdog.js';
import { isModulePath } from './user-module.js';

/** A hunt as plain data: what a worker thread needs to run it again from references. */
export interface HuntRequest {
  /** --strategy as given: a built-in name or the path of a user's module. */
  readonly strategyReference: string;
  /** --property as given. */
  readonly propertyList: string;
  readonly base: Scenario;
  readonly runs: number;
  readonly seed: number;
  /** Search wall time, ms (absent: only `runs`). */
  readonly timeLimitMs?: number;
  /** The first case of a shard's block (absent: 0). */
  readonly firstCase?: number;
  /** The shrink's budget in runs (absent: the default). */
  readonly shrinkRuns?: number;
}

/** One progress report: `coverage` is worked out only when called (a report is rarely printed). */
export interface HuntTick {
  readonly phase: HuntProgress['phase'];
  readonly runs: number;
  readonly failures: number;
  readonly coverage: () => CoverageSummary;
}

export interface HuntRun {
  readonly result: HuntResult;
  /** What the search tried (not the shrink). */
  readonly coverage: CoverageSummary;
}

/** `strategy` and `properties` are the request's, already loaded (and so already checked) here. */
export async function runHunt(
  request: HuntRequest,
  strategy: Strategy,
  properties: readonly HuntProperty[],
  onTick: (tick: HuntTick) => void,
): Promise<HuntRun> {
  if (isModulePath(request.strategyReference)) return huntOnWorker(request, properties, onTick);
  let searched: HuntCoverage | undefined;
  const result = await hunt({
    ...huntOptionsOf(request),
    strategy,
    properties,
    onRun: (step) => {
      if (step.phase === 'search') searched = step.coverage;
      onTick({ ...step, coverage: () => step.coverage.summary() });
    },
  });
  return { result, coverage: searched?.summary() ?? emptyCoverage() };
}

/** The options of `hunt` a request sets (not the strategy, properties or callbacks). */
export function huntOptionsOf(request: HuntRequest) {
  return {
    base: request.base,
    runs: request.runs,
    seed: request.seed,
    ...(request.timeLimitMs === undefined ? {} : { timeLimitMs: request.timeLimitMs }),
    ...(request.firstCase === undefined ? {} : { firstCase: request.firstCase }),
    ...(request.shrinkRuns === undefined ? {} : { shrinkRuns: request.shrinkRuns }),
  };
}

export function emptyCoverage(): CoverageSummary {
  return { cases: 0, faultKinds: {}, casesByFaults: [], settings: {}, knobs: {}, doubleSubmits: 0 };
}

/** A hunt's result without its functions (properties), as it crosses from a worker thread. */
export type WireResult =
  | Omit<HuntPassed, 'properties'>
  | (Omit<HuntFound, 'properties' | 'property'> & { readonly propertyIndex: number });

export function toWire(result: HuntResult): WireResult {
  const { properties, ...rest } = result;
  if (!result.found) return rest as Omit<HuntPassed, 'properties'>;
  const { property, ...found } = rest as Omit<HuntFound, 'properties'>;
  return { ...found, propertyIndex: properties.indexOf(property) };
}

function fromWire(wire: WireResult, properties: readonly HuntProperty[]): HuntResult {
  if (!wire.found) return { ...wire, properties };
  const { propertyIndex, ...found } = wire;
  const property = properties[propertyIndex];
  if (property === undefined) throw new Error(`hunt worker: no property at index ${propertyIndex}`);
  return { ...found, properties, property };
}

/** What the hunt worker (hunt-worker.ts) sends back. */
export type HuntWorkerMessage =
  | {
      readonly kind: 'tick';
      readonly phase: HuntProgress['phase'];
      readonly runs: number;
      readonly failures: number;
      readonly coverage: CoverageSummary;
    }
  | { readonly kind: 'done'; readonly result: WireResult; readonly coverage: CoverageSummary }
  | {
      readonly kind: 'failed';
      readonly message: string;
      /** The strategy broke the simulation's rules (exit 2). */
      readonly broken: boolean;
      /** The input was wrong (a usage or settings error, exit 2). */
      readonly badInput: boolean;
    };

/** What the worker is started with. */
export interface HuntWorkerSetup {
  readonly request: HuntRequest;
  readonly watchdog: SharedArrayBuffer;
}

function huntOnWorker(
  request: HuntRequest,
  properties: readonly HuntProperty[],
  onTick: (tick: HuntTick) => void,
): Promise<HuntRun> {
  return startHuntWorker(request, properties, onTick).done;
}

/** A hunt running on a worker thread, and a way to stop it (its `done` then never settles). */
export interface HuntOnWorker {
  readonly done: Promise<HuntRun>;
  stop(): void;
}

export function startHuntWorker(
  request: HuntRequest,
  properties: readonly HuntProperty[],
  onTick: (tick: HuntTick) => void,
): HuntOnWorker {
  const typescript = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(`./hunt-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const setup: HuntWorkerSetup = { request, watchdog: watchdogMemory() };
  const worker = new Worker(typescript ? typescriptBootstrap(workerUrl) : workerUrl, { workerData: setup });
  let stop = (): void => {};
  const done = new Promise<HuntRun>((resolve, reject) => {
    const stopWatching = watchStrategy(setup.watchdog, (where) => {
      end();
      reject(
        new BrokenStrategyError(
          `${where} ran for ${STEP_BUDGET_MS / 1000} s of wall time without yielding back (a synchronous endless loop?)`,
        ),
      );
    });
    const end = (): void => {
      stopWatching();
      worker.removeAllListeners();
      void worker.terminate();
    };
    worker.on('message', (message: HuntWorkerMessage) => {
      if (message.kind === 'tick') return onTick({ ...message, coverage: () => message.coverage });
      end();
      if (message.kind === 'done')
        return resolve({ result: fromWire(message.result, properties), coverage: message.coverage });
      if (message.broken) return reject(new BrokenStrategyError(message.message));
      reject(message.badInput ? new UsageError(message.message) : new Error(message.message));
    });
    worker.on('error', (error) => {
      end();
      reject(error);
    });
    worker.on('exit', (code) => {
      end();
      reject(new Error(`hunt worker stopped (exit code ${code}) before it answered`));
    });
    stop = end;
  });
  return { done, stop: () => stop() };
}
