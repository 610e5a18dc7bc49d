/**
 * The engine's checks of what a process hands it: the value it yields must be an effect, a delay
 * must be a non-negative number, and due times stay on whole microseconds.
 */
import type { Effect } from './effects.js';
import { roundToMicros } from './time.js';

export const EFFECT_KINDS: ReadonlySet<unknown> = new Set<Effect['kind']>([
  'sleep',
  'wait',
  'wait-timeout',
  'promise',
]);

/** A yielded value in a few words, for the guard's message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    if (typeof (value as { then?: unknown }).then === 'function') return 'a promise';
    const kind = (value as { kind?: unknown }).kind;
    return kind === undefined ? 'an object without a kind' : `an object of kind ${JSON.stringify(kind)}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

export function checkDelay(ms: number): number {
  if (!(ms >= 0)) throw new RangeError(`delay must be a non-negative number of ms, got ${ms}`);
  return ms;
}

/**
 * Due times are kept to whole microseconds, so sums of delays print as 6.205, not
 * 6.205000000000001. A positive delay always moves time forward by at least a microsecond: a
 * loop that waits out "deadline - now" must not spin on a float remainder that rounds to zero.
 */
export function dueAt(nowMs: number, delayMs: number): number {
  if (!(delayMs >= 0)) checkDelay(delayMs);
  const due = roundToMicros(nowMs + delayMs);
  return due > nowMs || delayMs === 0 ? due : roundToMicros(nowMs + 0.001);
}
