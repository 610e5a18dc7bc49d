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
import { locateSql, rowsWanted, type LockPlan } from './lock-plan.js';
import type { TableKeys } from './table-keys.js';
import type { OpenTransaction } from './open-transaction.js';
import type { PgModel } from './pg-model.js';
import {
  chooseRows,
  foundRows,
  lockMode,
  restrictedStatement,
  type FoundRow,
  type LockRefusal,
  type StatementProgress,
} from './row-lock-choice.js';
import { lockRowsRunning, type LockedAndRan } from './row-lock-shortcut.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';
import { concurrentUpdate } from './snapshot.js';
import { shadowedReached } from './snapshot-view.js';

export type { StatementProgress, WaitLock } from './row-lock-choice.js';

export type Locking =
  | { readonly kind: 'run'; readonly statement: BoundStatement; readonly rows: readonly string[] }
  | LockedAndRan
  | LockRefusal;

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
  views: { readonly showRows: () => DatabaseError | undefined; readonly back: () => void },
): Locking {
  const keys = model.mem.tableKeys(plan.table);
  if (keys === undefined) return { kind: 'run', statement: baseStatement(model, statement, plan), rows: [] };
  if (keys === 'no key') return refuseKeyless(plan.table);
  const mode = lockMode(plan, keys);
  // Only a LIMIT (in the text) needs the bound tree, which a run need not build otherwise.
  const wanted = hasLimit(statement.prepared.ast) ? rowsWanted(statement.ast) : undefined;
  if (wanted instanceof DatabaseError) return { kind: 'error', error: wanted };
  if (wanted === undefined) {
    const ran = lockRowsRunning(model, tx, statement, { plan, keys, mode }, progress);
    if (ran !== undefined) return ran;
  }
  const unseen = views.showRows();
  if (unseen !== undefined) return { kind: 'error', error: unseen };
  const found = locate(model, statement, plan, keys, tx.startedAtMs);
  if (found instanceof DatabaseError) return { kind: 'error', error: found };
  // A row its own write shadows in its view, which a later commit changed (snapshot-view.ts).
  const { snapshot } = tx;
  if (
    snapshot !== undefined &&
    shadowedReached(model.mem, snapshot, () => locate(model, statement, plan, keys, tx.startedAtMs))
  )
    return { kind: 'error', error: concurrentUpdate() };
  views.back();
  const chosen = chooseRows(model, tx, plan, mode, found, wanted, progress);
  if (!Array.isArray(chosen)) return chosen;
  const rows = chosen.map((row) => row.name);
  return { kind: 'run', statement: restrictedStatement(model, statement, plan, keys, chosen), rows };
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
    rows = model.mem.execute(query, 'statement', atMs).rows;
  } catch (error) {
    return error instanceof DatabaseError ? error : new DatabaseError(SQLSTATE.internalError, String(error));
  }
  return foundRows(rows, plan, keys);
}

function hasLimit(ast: BoundStatement['prepared']['ast']): boolean {
  return ast?.type === 'select' && ast.limit !== null && ast.limit !== undefined;
}

function refuseKeyless(table: string): Locking {
  const message = `row locks on "${table}" are not modelled without a primary key or unique index: add one`;
  return { kind: 'error', error: new DatabaseError(SQLSTATE.featureNotSupported, message) };
}
