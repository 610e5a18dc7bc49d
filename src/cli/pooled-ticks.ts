/**
 * The progress of several searches on worker threads (hunt --jobs) as one hunt's: runs searched so
 * far in all of them, or, once one is shrinking a find, that shrink.
 */
import type { CoverageSummary } from '../hunt/hunt-coverage.js';
import { mergeCoverage } from '../hunt/merge-coverage.js';
import type { HuntTick } from './hunt-run.js';

export class PooledTicks {
  private readonly latest: Array<HuntTick | undefined>;

  constructor(
    searches: number,
    private readonly onTick: (tick: HuntTick) => void,
  ) {
    this.latest = Array.from({ length: searches }, () => undefined);
  }

  update(index: number, tick: HuntTick): void {
    this.latest[index] = tick;
    const ticks = this.seen();
    const shrinking = ticks.find((seen) => seen.phase === 'shrink');
    this.onTick(shrinking ?? searched(ticks));
  }

  /** What each search but `except` had tried by its last report (a search's shrink tries nothing new). */
  coverageOfOthers(except: number): CoverageSummary[] {
    return this.latest.flatMap((tick, index) =>
      index === except || tick === undefined || tick.phase !== 'search' ? [] : [tick.coverage()],
    );
  }

  private seen(): HuntTick[] {
    return this.latest.filter((seen): seen is HuntTick => seen !== undefined);
  }
}

/** The searches so far as one search's progress. */
function searched(ticks: readonly HuntTick[]): HuntTick {
  return {
    phase: 'search',
    runs: ticks.reduce((total, seen) => total + seen.runs, 0),
    failures: 0,
    coverage: () => mergeCoverage(ticks.map((seen) => seen.coverage())),
  };
}
