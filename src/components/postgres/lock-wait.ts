/**
 * A blocked statement: it waits for the transaction it collides with to end, then runs again
 * from the start, as a PostgreSQL backend does after a lock wait. With PostgreSQL's deadlock
 * check: after deadlock_timeout the waiter looks along the chain of waits, and if it leads back
 * to itself, it gives up with 40P01 (the other transactions in the cycle then go on).
 */
import { wait, waitWithTimeout, type Proc } from '../../engine/effects.js';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { MemDatabase } from './mem-database.js';
import type { OpenTransaction } from './open-transaction.js';
import { attempt, type Outcome } from './read-committed.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

/** Runs `statement` for `tx`, waiting for each open transaction it collides with. */
export function* runWaiting(
  mem: MemDatabase,
  tx: OpenTransaction,
  statement: BoundStatement,
  open: () => Iterable<OpenTransaction>,
  deadlockTimeoutMs: number,
  onWait: (other: OpenTransaction) => void,
): Proc<Outcome> {
  for (;;) {
    const outcome = attempt(mem, tx, statement, open());
    if (outcome.kind !== 'blocked') return outcome;
    onWait(outcome.on);
    if (yield* waitForEnd(tx, outcome.on, deadlockTimeoutMs)) {
      return { kind: 'error', error: new DatabaseError(SQLSTATE.deadlockDetected, 'deadlock detected') };
    }
  }
}

/** Waits until `other` ends; returns true if, instead, `tx` is in a deadlock and must abort. */
export function* waitForEnd(
  tx: OpenTransaction,
  other: OpenTransaction,
  deadlockTimeoutMs: number,
): Proc<boolean> {
  tx.waitingFor = other;
  try {
    const raced = yield* waitWithTimeout(other.ended, deadlockTimeoutMs);
    if (raced.kind === 'value') return false;
    if (waitsFor(other, tx)) return true;
    yield* wait(other.ended);
    return false;
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
