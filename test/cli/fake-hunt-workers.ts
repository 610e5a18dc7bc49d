/**
 * Fake hunt workers for the tests of the hunt pools (hunt-pool.ts, hunt-seed-pool.ts): each
 * started search waits until the test answers it, fails it or reports progress for it, in the
 * order the test chooses, and remembers whether the pool stopped it.
 */
import type { CoverageSummary } from '../../src/hunt/hunt-coverage.js';
import type { HuntOnWorker, HuntRequest, HuntRun, HuntTick } from '../../src/cli/hunt-run.js';

export interface FakeSearch {
  readonly request: HuntRequest;
  stopped: boolean;
  answer: (run: HuntRun) => void;
  fail: (error: Error) => void;
  report: (tick: HuntTick) => void;
}

export function fakeHuntWorkers() {
  const searches: FakeSearch[] = [];
  const start = (request: HuntRequest, _: unknown, onTick: (tick: HuntTick) => void): HuntOnWorker => {
    let answer: (run: HuntRun) => void = () => {};
    let fail: (error: Error) => void = () => {};
    const done = new Promise<HuntRun>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
    const search: FakeSearch = { request, stopped: false, answer, fail, report: onTick };
    searches.push(search);
    return {
      done,
      stop: () => {
        search.stopped = true;
      },
    };
  };
  return { searches, start };
}

/** A search's coverage of `cases` cases, each with one crash and `payments` up to `cases`. */
export function fakeCoverage(cases: number): CoverageSummary {
  return {
    cases,
    faultKinds: { crash: cases },
    casesByFaults: [cases],
    settings: {},
    knobs: { payments: { cases, min: 1, max: cases } },
    doubleSubmits: 0,
  };
}

/** Lets a pool see the answers given so far. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
