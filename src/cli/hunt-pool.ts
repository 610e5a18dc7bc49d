/**
 * `hunt --jobs n`: the search's cases split into n blocks of the one case stream, each block
 * hunted on a worker thread (hunt-worker.ts), joined as `idemsim merge` joins hunt shards.
 *
 * The answer is the one-thread hunt's, byte for byte: that hunt stops at the first failing case
 * of the stream, so the pool answers with the earliest block that found one once every block
 * before it has run out without finding (or failing). A block that finds stops every later block:
 * nothing they find could come first. Each block shrinks its own find, as a shard does; a later
 * block's shrink that loses the race to an earlier find is the work a pool wastes. An error is
 * an answer too, taken in the same order, so a strategy that throws on case 700 of a hunt that
 * finds a counterexample at case 2 is reported as the one-thread hunt reports it: not at all.
 * A --time hunt has no case count to split: its workers search seeds of their own
 * (hunt-seed-pool.ts).
 */
import type { HuntProperty } from '../hunt/properties.js';
import { caseBlock } from '../experiment/shard-assignment.js';
import type { Strategy } from '../strategies/strategy.js';
import { type HuntRequest, type HuntRun, type HuntTick, runHunt, startHuntWorker } from './hunt-run.js';
import { joinPassedRuns } from './passed-hunt-runs.js';
import { PooledTicks } from './pooled-ticks.js';
import { huntSeedsSideBySide } from './hunt-seed-pool.js';

/**
 * What --help says the default is. One thread: each worker loads the simulator and warms its JIT
 * again (a cold process runs cases at a third to a half of its warm rate). On 2 cores two workers
 * ran 8,000 cases of recovery-point 1.35x faster, of kafka-eos and db-atomic 1.1-1.2x, and of none
 * and redis-setnx 0.85x as fast (`npm run bench -- hunt`), so the default stays 1 and --help says
 * when more pays.
 */
export const HUNT_JOBS_DEFAULT_HELP =
  '1; more pays only for long hunts of slow strategies, as each worker warms up again';

/**
 * The worker threads a hunt runs on: --jobs as given, never more than it has cases to split (a
 * --time hunt's workers each search a seed of their own: hunt-seed-pool.ts).
 */
function huntJobs(given: number | undefined, request: HuntRequest): number {
  if (request.timeLimitMs !== undefined) return given ?? 1;
  return Math.min(given ?? 1, request.runs);
}

/**
 * Runs the hunt `request` asks for on the threads --jobs gives (`jobs`): in blocks on worker
 * threads, a --time hunt as a search per thread with a seed of its own, or as one hunt (runHunt).
 * What `hunt` and `hunt --shard` both call.
 */
export function huntOnThreads(
  jobs: number | undefined,
  request: HuntRequest,
  strategy: Strategy,
  properties: readonly HuntProperty[],
  onTick: (tick: HuntTick) => void,
): Promise<HuntRun> {
  const threads = huntJobs(jobs, request);
  if (threads === 1) return runHunt(request, strategy, properties, onTick);
  return request.timeLimitMs === undefined
    ? huntInBlocks(request, properties, threads, onTick)
    : huntSeedsSideBySide(request, properties, threads, onTick);
}

/** What one block has answered: a run, or the error it stopped with. */
type BlockAnswer = { readonly run: HuntRun } | { readonly error: unknown };

export function huntInBlocks(
  request: HuntRequest,
  properties: readonly HuntProperty[],
  jobs: number,
  onTick: (tick: HuntTick) => void,
  /** Starts one block's hunt (a worker thread; tests give their own). */
  start: typeof startHuntWorker = startHuntWorker,
): Promise<HuntRun> {
  const firstCase = request.firstCase ?? 0;
  const blocks = Array.from({ length: jobs }, (_, index) =>
    caseBlock({ index: index + 1, count: jobs }, request.runs),
  );
  const ticks = new PooledTicks(jobs, onTick);
  const workers = blocks.map((block, index) =>
    start(
      { ...request, firstCase: firstCase + block.first, runs: block.end - block.first },
      properties,
      (tick) => ticks.update(index, tick),
    ),
  );
  const answers: Array<BlockAnswer | undefined> = [];
  return new Promise<HuntRun>((resolve, reject) => {
    const stopAfter = (index: number): void => {
      for (const later of workers.slice(index + 1)) later.stop();
    };
    const settle = (): void => {
      const answer = firstAnswer(answers, workers.length);
      if (answer === undefined) return;
      if ('error' in answer) reject(answer.error);
      else resolve(answer.run);
    };
    workers.forEach((worker, index) => {
      worker.done.then(
        (run) => {
          answers[index] = { run };
          if (run.result.found) stopAfter(index);
          settle();
        },
        (error: unknown) => {
          answers[index] = { error };
          stopAfter(index);
          settle();
        },
      );
    });
  });
}

/**
 * The pool's answer as soon as it is known: the first block in case order that found a case or
 * failed, once every block before it has answered; or, once every block passed, all of them.
 */
function firstAnswer(
  answers: ReadonlyArray<BlockAnswer | undefined>,
  blocks: number,
): BlockAnswer | undefined {
  const passed: HuntRun[] = [];
  for (let index = 0; index < blocks; index++) {
    const answer = answers[index];
    if (answer === undefined) return undefined; // this block is still searching
    if ('error' in answer || answer.run.result.found) return answer;
    passed.push(answer.run);
  }
  return { run: joinPassedRuns(passed) };
}
