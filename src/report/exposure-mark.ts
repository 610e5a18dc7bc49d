/**
 * The untouched mark: a cell that shows no harm although nothing tried the strategy (no fault
 * touched its work, no request for an intent reached it twice) says "untouched", not "ok" or
 * "safe", so nobody reads an untested strategy as one that survived.
 */
import type { SeriesSummary } from '../experiment/series-summary.js';
import type { Expectation } from '../checks/expectation.js';
import { harmLetters } from './harm-letters.js';

export const UNTOUCHED = 'untouched';

export const UNTOUCHED_LEGEND =
  'untouched: no harm, but no fault reached the strategy’s work and no request came to it twice: nothing tried it';

/** 'untouched' for a result with no harm that nothing exercised; undefined otherwise. */
export function untouchedMark(result: SeriesSummary): typeof UNTOUCHED | undefined {
  return result.harms.length === 0 && !result.exposure.exercised ? UNTOUCHED : undefined;
}

/** A scenario's expectation as the table's "expected" column writes it: "untouched", "ok" or letters. */
export function expectationText(expected: Expectation): string {
  if (expected === 'untouched') return UNTOUCHED;
  return harmLetters(expected === 'ok' ? [] : expected);
}
