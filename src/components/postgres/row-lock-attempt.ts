/**
 * One attempt of a statement that locks rows (SELECT ... FOR <mode>, UPDATE, DELETE): find the
 * rows it reaches, lock them one by one in that order, and name the statement that then touches
 * exactly those rows (lock-plan.ts).
 *
 * On a row another transaction holds in a conflicting mode, the statement waits (keeping the
 * locks it already took, as PostgreSQL does), fails with 55P03 (NOWAIT), or passes the row by
 * (SKIP LOCKED). After a wait it runs again from the start, but only on the rows its first attempt
 * reached, re-checked on their newest committed version: a row that no longer matches, or was
 * deleted, is left out (READ COMMITTED's EvalPlanQual). A transaction with a snapshot (REPEATABLE
 * READ, SERIALIZABLE) finds its rows in the snapshot instead, and fails with 40001 on one that a
 * transaction committed after the snapshot changed.
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { keyAlias, locateSql, restrictedSql, rowsWanted, type LockPlan } from './lock-plan.js';
import type { TableKeys } from './mem-database.js';
import type { OpenTransaction } from './open-transaction.js';
import { modelSwitches } from './model-switches.js';
import type { PgModel } from './pg-model.js';
import { rowName, type RowLockMode } from './row-locks.js';
import { concurrentUpdate } from './snapshot.js';
import { toLiteral } from './sql-literal.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

/** What a statement waits on: another's uncommitted unique key, or a row lock in the mode it wants. */
export type WaitLock = 'unique key' | RowLockMode;

/** What a statement's attempts remember between them. */
export interface StatementProgress {
  /** The rows its first attempt reached: later attempts touch no others. */
  candidates: Set<string> | undefined;
}

export type Locking =
  | { readonly kind: 'run'; readonly statement: BoundStatement; readonly rows: readonly string[] }
  | { readonly kind: 'error'; readonly error: DatabaseError }
  | { readonly kind: 'blocked'; readonly on: OpenTransaction; readonly lock: WaitLock };

interface FoundRow {
  readonly name: string;
  readonly key: readonly unknown[];
}

/**
 * Locks the statement's rows for `tx`. The transaction's newest view must be showing; `showRows`
 * shows the state its rows are found in (the snapshot's view, for a snapshot), and `back` shows
 * the newest view again.
 */
export function lockRows(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  plan: LockPlan,
  progress: StatementProgress,
  views: { readonly showRows: () => void; readonly back: () => void },
): Locking {
  const keys = model.mem.tableKeys(plan.table);
  if (keys === undefined) return { kind: 'run', statement: baseStatement(model, statement, plan), rows: [] };
  if (keys === 'no key') return refuseKeyless(plan.table);
  const mode =
    plan.mode ??
    (plan.setColumns.some((column) => keys.uniqueColumns.has(column)) ? 'update' : 'no key update');
  const wanted = rowsWanted(statement.ast);
  if (wanted instanceof DatabaseError) return { kind: 'error', error: wanted };
  views.showRows();
  const found = locate(model, statement, plan, keys, tx.startedAtMs);
  views.back();
  if (found instanceof DatabaseError) return { kind: 'error', error: found };
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
    if (tx.snapshot !== undefined && model.changes.changedSince(row.name, tx.snapshot.version)) {
      take();
      return { kind: 'error', error: concurrentUpdate() };
    }
    chosen.push(row);
  }
  take();
  const restricted = model.statements.prepare(restrictedSql(plan, keys, chosen.length));
  const values = chosen.flatMap((row) => row.key.map(toLiteral));
  const bound = model.statements.bindLiterals(restricted, [...statement.literals, ...values]);
  return { kind: 'run', statement: bound, rows: chosen.map((row) => row.name) };
}

/** The statement without its locking clause (for a run that need not lock: nothing to wait for). */
export function baseStatement(model: PgModel, statement: BoundStatement, plan: LockPlan): BoundStatement {
  if (!plan.isSelect) return statement;
  return model.statements.bindLiterals(model.statements.prepare(plan.baseSql), statement.literals);
}

/** The rows the statement reaches on the state showing, in order, by key. */
function locate(
  model: PgModel,
  statement: BoundStatement,
  plan: LockPlan,
  keys: TableKeys,
  atMs: number,
): FoundRow[] | DatabaseError {
  const query = model.statements.bindLiterals(
    model.statements.prepare(locateSql(plan, keys)),
    statement.literals,
  );
  let rows: Array<Record<string, unknown>>;
  try {
    rows = model.mem.execute(query, query.ast, atMs).rows;
  } catch (error) {
    return error instanceof DatabaseError ? error : new DatabaseError(SQLSTATE.internalError, String(error));
  }
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

function refuseKeyless(table: string): Locking {
  const message = `row locks on "${table}" are not modelled without a primary key or unique index: add one`;
  return { kind: 'error', error: new DatabaseError(SQLSTATE.featureNotSupported, message) };
}
