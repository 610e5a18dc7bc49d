/**
 * How a divergence names what a statement waited on: the lock kind the model recorded with the
 * wait (schedule-format.ts), in PostgreSQL's words.
 */
import type { WaitLock } from '../components/postgres/row-lock-attempt.js';

/** "a unique key", "a FOR UPDATE row lock", "a FOR NO KEY UPDATE row lock". */
export function lockName(lock: WaitLock): string {
  return lock === 'unique key' ? 'a unique key' : `a FOR ${lock.toUpperCase()} row lock`;
}

/** What a divergence at the wait is about: "unique-key wait", "row-lock wait (FOR UPDATE)". */
export function waitWhat(lock: WaitLock): string {
  return lock === 'unique key' ? 'unique-key wait' : `row-lock wait (FOR ${lock.toUpperCase()})`;
}
