/**
 * The end of a command that checks the scenarios' expectations (compare, merge, report): when any
 * did not hold, say which on stderr (stdout keeps the table, JSON or CSV the user asked for) and
 * exit 1.
 */
import { missedExpectations, type Comparison } from '../experiment/compare.js';
import { missedExpectationLines } from '../report/missed-expectation-text.js';
import type { CliIo } from './cli-io.js';
import { EXIT_EXPECTATION_FAILED } from './exit-codes.js';

export function reportMissedExpectations(
  io: CliIo,
  comparison: Comparison,
  setExitCode: (code: number) => void,
): void {
  const missed = missedExpectations(comparison);
  if (missed.length === 0) return;
  const [first, ...rest] = missedExpectationLines(missed);
  io.err(`idemsim: ${first}\n${rest.map((line) => `${line}\n`).join('')}`);
  setExitCode(EXIT_EXPECTATION_FAILED);
}
