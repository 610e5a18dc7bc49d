/**
 * Several searches that found nothing (the blocks of `hunt --jobs`, or the seeds of `hunt --time
 * --jobs`) as one hunt that held: the first one's result, with every search's runs added up,
 * interrupted if any ran out of time, and their coverage merged.
 */
import type { HuntPassed } from '../hunt/hunt.js';
import { mergeCoverage } from '../hunt/merge-coverage.js';
import type { HuntRun } from './hunt-run.js';

/** `runs` in search order, at least one, none of them a find. */
export function joinPassedRuns(runs: readonly HuntRun[]): HuntRun & { readonly result: HuntPassed } {
  const results = runs.map((run) => run.result as HuntPassed);
  return {
    result: {
      ...(results[0] as HuntPassed),
      runs: results.reduce((total, result) => total + result.runs, 0),
      interrupted: results.some((result) => result.interrupted),
    },
    coverage: mergeCoverage(runs.map((run) => run.coverage)),
  };
}
