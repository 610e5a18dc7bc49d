/**
 * `hunt --time t --jobs n`: n searches side by side, each on a worker thread with a seed of its
 * own (--seed, --seed + 1, ...), until the time is up or one of them finds a case.
 *
 * A hunt bounded by time has no case count to cut into blocks of one stream (hunt-pool.ts), and
 * how far it gets depends on the machine in any case. A seed per worker gives each a stream of its
 * own that no other repeats, and a find names its seed and run, so `hunt --seed k --runs r`
 * replays it in one thread, byte for byte.
 *
 * The first search to find stops the others as soon as it starts shrinking (the shrink then has
 * the cores to itself), and its find is the answer, with what every search had tried by then as
 * its coverage. An error in any search is the answer at once, and stops the rest. When the time
 * runs out and nothing was found, the searches are one hunt that held: their runs and coverage
 * added up, and their seeds listed.
 */
import { mergeCoverage } from '../hunt/merge-coverage.js';
import type { HuntProperty } from '../hunt/properties.js';
import { type HuntRequest, type HuntRun, type HuntTick, startHuntWorker } from './hunt-run.js';
import { joinPassedRuns } from './passed-hunt-runs.js';
import { PooledTicks } from './pooled-ticks.js';

/** The seeds of a pool of `searches` that starts at `seed`: seed, seed + 1, ... */
export function poolSeeds(seed: number, searches: number): number[] {
  return Array.from({ length: searches }, (_, index) => seed + index);
}

export function huntSeedsSideBySide(
  request: HuntRequest,
  properties: readonly HuntProperty[],
  searches: number,
  onTick: (tick: HuntTick) => void,
  /** Starts one search (a worker thread; tests give their own). */
  start: typeof startHuntWorker = startHuntWorker,
): Promise<HuntRun> {
  const seeds = poolSeeds(request.seed, searches);
  const ticks = new PooledTicks(searches, onTick);
  let shrinkStarted = false;
  const workers = seeds.map((seed, index) =>
    start({ ...request, seed }, properties, (tick) => {
      if (tick.phase === 'shrink' && !shrinkStarted) {
        shrinkStarted = true;
        stopAllBut(index);
      }
      ticks.update(index, tick);
    }),
  );
  function stopAllBut(index: number): void {
    workers.forEach((worker, other) => {
      if (other !== index) worker.stop();
    });
  }
  const passed: Array<HuntRun | undefined> = seeds.map(() => undefined);
  return new Promise<HuntRun>((resolve, reject) => {
    workers.forEach((worker, index) => {
      worker.done.then(
        (run) => {
          if (run.result.found) {
            stopAllBut(index);
            const tried = [run.coverage, ...ticks.coverageOfOthers(index)];
            resolve({ result: run.result, coverage: mergeCoverage(tried) });
            return;
          }
          passed[index] = run;
          const all = passed.filter((held): held is HuntRun => held !== undefined);
          if (all.length < seeds.length) return;
          // Every search held: one hunt of all their cases, under every seed (the first is `seed`).
          const joined = joinPassedRuns(all);
          resolve({ ...joined, result: { ...joined.result, seeds } });
        },
        (error: unknown) => {
          stopAllBut(index);
          reject(error);
        },
      );
    });
  });
}
