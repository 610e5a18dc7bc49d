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
import type { HuntPassed } from '../hunt/hunt.js';
import { mergeCoverage } from '../hunt/merge-coverage.js';
import type { HuntProperty } from '../hunt/properties.js';
import { type HuntRequest, type HuntRun, type HuntTick, startHuntWorker } from './hunt-run.js';
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
  let shrinking: number | undefined;
  const workers = seeds.map((seed, index) =>
    start({ ...request, seed }, properties, (tick) => {
      if (tick.phase === 'shrink' && shrinking === undefined) {
        shrinking = index;
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
          if (all.length === seeds.length) resolve(allHeld(all, seeds));
        },
        (error: unknown) => {
          stopAllBut(index);
          reject(error);
        },
      );
    });
  });
}

/** Every search held until its time ran out: one hunt that ran all their cases, under every seed. */
function allHeld(runs: readonly HuntRun[], seeds: readonly number[]): HuntRun {
  const results = runs.map((run) => run.result as HuntPassed);
  const first = results[0] as HuntPassed;
  return {
    result: {
      ...first,
      seed: seeds[0] as number,
      seeds,
      runs: results.reduce((total, result) => total + result.runs, 0),
      interrupted: results.some((result) => result.interrupted),
    },
    coverage: mergeCoverage(runs.map((run) => run.coverage)),
  };
}
