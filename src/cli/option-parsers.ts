/**
 * Parsers for command-line values; each failure names the expected form.
 */
import { InvalidArgumentError } from 'commander';
import { parseSeedText } from '../scenario/play-knobs.js';
import { atMost, BOUNDS } from '../scenario/scenario-bounds.js';

/** The same rule play's prompt applies (parseSeedText), as a commander error. */
export function parseSeed(value: string): number {
  const parsed = parseSeedText(value);
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.problem}.`);
  return parsed.value;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  }
  return Number(value);
}

/** A whole number from 1 up to a bound the scenario files share (scenario-bounds.ts). */
function boundedCount(max: number, noun: string): (value: string) => number {
  return (value) => {
    const parsed = parsePositiveInt(value);
    if (parsed > max) throw new InvalidArgumentError(`${atMost(max, noun)}.`);
    return parsed;
  };
}

/** --payments: payment intents per run. */
export const parsePaymentCount = boundedCount(BOUNDS.payments, 'payments');

/** --seeds: seeds per scenario. */
export const parseSeedCount = boundedCount(BOUNDS.seeds, 'seeds');
