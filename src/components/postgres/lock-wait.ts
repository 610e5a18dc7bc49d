/**
 * A blocked statement: it waits for the transaction holding what it needs (an uncommitted unique
 * key, or a row lock) to end, then runs again from the start, as a PostgreSQL backend does after
 * a lock wait (a row-locking statement only on the rows it first reached: row-lock-attempt.ts).
 *
 * Three timers can end a wait first, as in PostgreSQL:
 * - deadlock_timeout: the waiter looks along the chain of waits (unique-key and row-lock waits
 *   alike); if it leads back to itself, it gives up with 40P01 (the others in the cycle go on);
 * - lock_timeout: this one wait lasted too long: 55P03;
 * - statement_timeout: the whole statement, counted from when it began to run, lasted too long:
 *   57014.
 * On a tie lock_timeout is reported before statement_timeout, as PostgreSQL checks them in that
 * order; the deadlock check runs before both.
 */
import { wait, waitWithTimeout, type Proc } from '../../engine/effects.js';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { OpenTransaction } from './open-transaction.js';
import type { PgModel } from './pg-model.js';
import { attempt, type Outcome } from './read-committed.js';
import type { WaitLock } from './row-lock-attempt.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

export interface WaitLimits {
  /** deadlock_timeout, ms. */
  readonly deadlockTimeoutMs: number;
  /** lock_timeout, ms; 0: none. */
  readonly lockTimeoutMs: number;
  /** When statement_timeout cancels the statement, virtual ms; undefined: never. */
  readonly statementDeadlineMs: number | undefined;
}

type WaitEnd = 'ended' | 'deadlock' | 'lock timeout' | 'statement timeout';

const FAILURES: Readonly<Record<Exclude<WaitEnd, 'ended'>, () => DatabaseError>> = {
  deadlock: () => new DatabaseError(SQLSTATE.deadlockDetected, 'deadlock detected'),
  'lock timeout': () =>
    new DatabaseError(SQLSTATE.lockNotAvailable, 'canceling statement due to lock timeout'),
  'statement timeout': () =>
    new DatabaseError(SQLSTATE.queryCanceled, 'canceling statement due to statement timeout'),
};

/** Runs `statement` for `tx`, waiting for each open transaction that holds what it needs. */
export function* runWaiting(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  limits: WaitLimits,
  now: () => number,
  onWait: (other: OpenTransaction, lock: WaitLock) => void,
): Proc<Outcome> {
  const progress = { candidates: undefined };
  for (;;) {
    const outcome = attempt(model, tx, statement, progress);
    if (outcome.kind !== 'blocked') return outcome;
    onWait(outcome.on, outcome.lock);
    const end = yield* waitForEnd(tx, outcome.on, limits, now);
    if (end !== 'ended') return { kind: 'error', error: FAILURES[end]() };
  }
}

/** Waits until `other` ends, or until a timer says why `tx` must stop waiting. */
function* waitForEnd(
  tx: OpenTransaction,
  other: OpenTransaction,
  limits: WaitLimits,
  now: () => number,
): Proc<WaitEnd> {
  tx.waitingFor = other;
  const startMs = now();
  let deadlockChecked = false;
  try {
    for (;;) {
      const timers: Array<{ readonly atMs: number; readonly end: Exclude<WaitEnd, 'ended'> }> = [];
      if (!deadlockChecked) timers.push({ atMs: startMs + limits.deadlockTimeoutMs, end: 'deadlock' });
      if (limits.lockTimeoutMs > 0)
        timers.push({ atMs: startMs + limits.lockTimeoutMs, end: 'lock timeout' });
      if (limits.statementDeadlineMs !== undefined)
        timers.push({ atMs: limits.statementDeadlineMs, end: 'statement timeout' });
      const first = timers.reduce<(typeof timers)[number] | undefined>(
        (best, timer) => (best === undefined || timer.atMs < best.atMs ? timer : best),
        undefined,
      );
      if (first === undefined) {
        yield* wait(other.ended);
        return 'ended';
      }
      const raced = yield* waitWithTimeout(other.ended, Math.max(0, first.atMs - now()));
      if (raced.kind === 'value') return 'ended';
      if (first.end !== 'deadlock') return first.end;
      deadlockChecked = true;
      if (waitsFor(other, tx)) return 'deadlock';
    }
  } finally {
    tx.waitingFor = undefined;
  }
}

/** Whether the chain of waits starting at `from` reaches `target`. */
function waitsFor(from: OpenTransaction, target: OpenTransaction): boolean {
  const seen = new Set<OpenTransaction>();
  for (
    let next: OpenTransaction | undefined = from;
    next !== undefined && !seen.has(next);
    next = next.waitingFor
  ) {
    if (next === target) return true;
    seen.add(next);
  }
  return false;
}
