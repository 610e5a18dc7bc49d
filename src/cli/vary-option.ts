/**
 * `--vary field=from..to`: which setting a sweep changes and over what range, as written in a
 * scenario file (`strategies.redis-setnx.lockTtl=1s..60s`, `client.retry.attempts=1..8`).
 * Only the shape is checked here; the scenario layer judges the field and the values.
 */
import { InvalidArgumentError } from 'commander';
import { UsageError } from './cli-io.js';

export interface VaryOption {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

const EXAMPLE = 'like --vary strategies.redis-setnx.lockTtl=1s..60s';

export function parseVaryOption(text: string): VaryOption {
  const equals = text.indexOf('=');
  if (equals < 0) throw new UsageError(`--vary ${text}: expected field=from..to, ${EXAMPLE}`);
  const field = text.slice(0, equals).trim();
  const range = text.slice(equals + 1);
  if (field === '') throw new UsageError(`--vary ${text}: name the field before "=", ${EXAMPLE}`);
  const parts = range.split('..');
  if (parts.length !== 2)
    throw new UsageError(
      `--vary ${text}: write the range as from..to with two dots, like ${field}=1..8 or ${field}=1s..60s`,
    );
  const [from = '', to = ''] = parts.map((part) => part.trim());
  if (from === '' || to === '')
    throw new UsageError(
      `--vary ${text}: give both ends of the range, like ${field}=1..8 or ${field}=1s..60s`,
    );
  return { field, from, to };
}

/** Past this a chart no longer fits a terminal, and the runs take minutes. */
const STEPS_MAX = 50;

/** --steps n: how many values, both ends included. */
export function parseSteps(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 2 || Number(value) > STEPS_MAX) {
    throw new InvalidArgumentError(
      `expected a whole number from 2 to ${STEPS_MAX} (both ends of the range count).`,
    );
  }
  return Number(value);
}
