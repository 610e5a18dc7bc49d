/**
 * How a client waits between attempts: exponential backoff with optional jitter.
 */
import type { Rng } from '../engine/rng.js';
import { roundToMicros } from '../engine/time.js';

/** none: the exact backoff; full: uniform in [0, backoff]; equal: half fixed, half random. */
export type JitterMode = 'none' | 'full' | 'equal';

export interface RetryPolicy {
  /** Attempts per payment, the first included (default 3). */
  readonly attemptsMax: number;
  /** Backoff before the first retry, ms; doubles for each later one (default 100). */
  readonly backoffBaseMs: number;
  /** Upper bound on one backoff, ms (default 5000). */
  readonly backoffMaxMs: number;
  /** How the backoff is randomised (default 'full', as AWS's analysis recommends). */
  readonly jitter: JitterMode;
}

/** The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed. */
export function backoffMs(policy: RetryPolicy, attempt: number, rng: Rng): number {
  // The exponent stops growing once the ceiling is surely reached: 2 ** 1100 is Infinity, and a
  // zero base times Infinity would be a NaN delay.
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.min(attempt - 1, 64));
  switch (policy.jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return roundToMicros(rng.float() * ceiling);
    case 'equal':
      return roundToMicros(ceiling / 2 + (rng.float() * ceiling) / 2);
  }
}
