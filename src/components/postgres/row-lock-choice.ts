/**
 * Which of the rows a locking statement reached it locks, and what it then runs on them: the part
 * of a row-lock attempt (row-lock-attempt.ts) that comes after finding the rows, however they were
 * found (a locate query, or the statement itself: row-lock-shortcut.ts).
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { keyAlias, restrictedSql, type LockPlan } from './lock-plan.js';
import type { TableKeys } from './table-keys.js';
import { modelSwitches } from './model-switches.js';
import type { OpenTransaction } from './open-transaction.js';
import type { PgModel } from './pg-model.js';
import { rowName, type RowLockMode } from './row-locks.js';
import { changedUnder, concurrentUpdate } from './snapshot.js';
import { toLiteral } from './sql-literal.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

/** What a statement waits on: another's uncommitted unique key, or a row lock in the mode it wants. */
export type WaitLock = 'unique key' | RowLockMode;

/** What a statement's attempts remember between them. */
export interface StatementProgress {
  /** The rows its first attempt reached: later attempts touch no others. */
  candidates: Set<string> | undefined;
}

/** Why a locking statement cannot go on now: it fails, or waits for another transaction. */
export type LockRefusal =
  | { readonly kind: 'error'; readonly error: DatabaseError }
  | { readonly kind: 'blocked'; readonly on: OpenTransaction; readonly lock: WaitLock };

export interface FoundRow {
  readonly name: string;
  readonly key: readonly unknown[];
}

/** The lock a statement takes on its rows: an UPDATE's depends on whether it sets a unique column. */
export function lockMode(plan: LockPlan, keys: TableKeys): RowLockMode {
  return (
    plan.mode ??
    (plan.setColumns.some((column) => keys.uniqueColumns.has(column)) ? 'update' : 'no key update')
  );
}

/**
 * Locks the rows the statement reached, in order, while none is held against it: the rows it
 * touches; or why it may not go on (it waits, or fails). The locks taken so far stay taken.
 */
export function chooseRows(
  model: PgModel,
  tx: OpenTransaction,
  plan: LockPlan,
  mode: RowLockMode,
  found: readonly FoundRow[],
  wanted: number | undefined,
  progress: StatementProgress,
): FoundRow[] | LockRefusal {
  progress.candidates ??= new Set(found.map((row) => row.name));
  const chosen: FoundRow[] = [];
  const take = (): void => {
    if (plan.isSelect && mode === 'update' && !modelSwitches.forUpdateLocks) return;
    for (const row of chosen) model.locks.take(plan.table, row.name, tx, mode);
  };
  for (const row of found) {
    if (wanted !== undefined && chosen.length >= wanted) break;
    if (!progress.candidates.has(row.name)) continue; // it did not match when the statement began
    const blocker = model.locks.blocker(row.name, tx, mode);
    if (blocker !== undefined) {
      if (plan.policy === 'skip locked') continue;
      take();
      if (plan.policy === 'nowait') return { kind: 'error', error: lockNotAvailable(plan.table) };
      return { kind: 'blocked', on: blocker, lock: mode };
    }
    if (tx.snapshot !== undefined && changedUnder(model.changes, tx.snapshot, row.name)) {
      take();
      return { kind: 'error', error: concurrentUpdate() };
    }
    chosen.push(row);
  }
  take();
  return chosen;
}

/** The statement restricted to the rows it locked, bound to their keys after its own values. */
export function restrictedStatement(
  model: PgModel,
  statement: BoundStatement,
  plan: LockPlan,
  keys: TableKeys,
  chosen: readonly FoundRow[],
): BoundStatement {
  const prepared = model.statements.prepare(restrictedSql(plan, keys, chosen.length));
  const values = chosen.flatMap((row) => row.key.map(toLiteral));
  return model.statements.bindLiterals(prepared, [...statement.literals, ...values]);
}

/** The rows a query found, by the key columns it selected as `idemsim_key_<i>`, each once, in order. */
export function foundRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  plan: LockPlan,
  keys: TableKeys,
): FoundRow[] {
  const seen = new Set<string>();
  const found: FoundRow[] = [];
  for (const row of rows) {
    const key = keys.key.map((_, index) => row[keyAlias(index)]);
    const name = rowName(plan.table, key);
    if (seen.has(name)) continue;
    seen.add(name);
    found.push({ name, key });
  }
  return found;
}

function lockNotAvailable(table: string): DatabaseError {
  return new DatabaseError(SQLSTATE.lockNotAvailable, `could not obtain lock on row in relation "${table}"`);
}
