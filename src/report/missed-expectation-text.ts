/**
 * Why compare, merge or report exits 1, in words: one line per stated expectation that did not
 * hold, so a user who sees the exit code (or a ✗ in the expected column) reads which cell it was
 * and what it showed instead, without searching every table for the mark.
 */
import type { MissedExpectation } from '../experiment/compare.js';
import { expectationText } from './exposure-mark.js';
import { harmLetters } from './harm-letters.js';

/** What the cell showed: its harms' letters, or why "no harm" still missed `untouched`. */
function observedText({ check }: MissedExpectation): string {
  if (check.observed.length > 0) return harmLetters(check.observed);
  if (check.expected === 'untouched')
    return 'no harm, but a fault reached its work or a request came to it twice';
  return 'no harm';
}

/**
 * The lines, none when every expectation held. The last one says where a miss may come from
 * besides a change of model or strategy (a file's `expect:` is written for its own seeds and
 * payments) and how to look into one; it is the same whether or not this run overrode them, so
 * a merged compare prints exactly what the unsharded one does.
 */
export function missedExpectationLines(missed: readonly MissedExpectation[]): string[] {
  if (missed.length === 0) return [];
  const count = `${missed.length} stated expectation${missed.length === 1 ? '' : 's'}`;
  return [
    `${count} did not hold (exit code 1):`,
    ...missed.map(
      (miss) =>
        `  ${miss.scenario} / ${miss.strategy}: expected ${expectationText(miss.check.expected)}, saw ${observedText(miss)}`,
    ),
    "A file's expect: states what its own seeds and payments show (--seeds and --payments run other experiments);",
    '`idemsim explain <scenario> -s <strategy> --seed <n>` tells the story of a payment that went wrong.',
  ];
}
