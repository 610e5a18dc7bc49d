/**
 * A row-lock attempt (row-lock-attempt.ts) in one run instead of two, where that gives the same
 * answer: the statement itself, naming the rows it reaches by their keys (lock-plan.ts
 * `namingSql`), runs on the transaction's newest view, and the rows are then locked as the locate
 * query's would be.
 *
 * The long way finds the rows (the locate query, on the view the rows are found in), locks them,
 * then runs the statement restricted to them (on the newest view). One run answers the same when:
 * - both views hold the same rows: no snapshot (READ COMMITTED), or a snapshot nothing has
 *   committed since (its view is the same committed state plus the same writes);
 * - it reaches at most one row, so the order the rows are found in cannot matter, and the
 *   restricted statement (`... AND <key> = <that row's key>`) touches exactly what the statement
 *   itself touches;
 * - it is the statement's first attempt (later ones touch only the first one's rows), without
 *   LIMIT or OFFSET (they count locked rows) or SKIP LOCKED (a skipped row is not touched), and
 *   every row it reached is locked: otherwise it waits or fails, and its run is thrown away.
 * Anything else (two rows or more, an error) puts the view back and takes the long way, so a
 * statement's answer never depends on which way it went. Nothing that runs here inserts a row, so
 * pg-mem's row ids, and so the order of later scans, are those of the long way too.
 */
import { keyAlias, namingSql, type LockPlan } from './lock-plan.js';
import type { MemResult, WriteRecord } from './mem-database.js';
import type { TableKeys } from './table-keys.js';
import { modelShortcuts } from './model-shortcuts.js';
import type { OpenTransaction } from './open-transaction.js';
import type { PgModel } from './pg-model.js';
import {
  chooseRows,
  foundRows,
  restrictedStatement,
  type LockRefusal,
  type StatementProgress,
} from './row-lock-choice.js';
import type { RowLockMode } from './row-locks.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

/** The statement locked its rows and ran on them: the newest view shows its effect. */
export interface LockedAndRan {
  readonly kind: 'ran';
  /**
   * A write that changed rows: what to record and apply again, the statement restricted to them;
   * else the statement itself, which nothing runs again.
   */
  readonly statement: BoundStatement;
  readonly rows: readonly string[];
  readonly result: MemResult;
}

interface Target {
  readonly plan: LockPlan;
  readonly keys: TableKeys;
  readonly mode: RowLockMode;
}

/** Plans that once reached more than one row: taking the long way at once saves a wasted run. */
const reachesMany = new WeakSet<LockPlan>();

/**
 * Locks and runs in one go, or undefined: then nothing changed, for the long way. Called with the
 * newest view showing; the view the rows are found in is not needed (see `eligible`).
 */
export function lockRowsRunning(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  target: Target,
  progress: StatementProgress,
): LockedAndRan | LockRefusal | undefined {
  const { plan, keys, mode } = target;
  const sql = eligible(model, tx, plan, progress) ? namingSql(plan, keys) : undefined;
  if (sql === undefined) return undefined;
  const before = model.mem.snapshot();
  const naming = model.statements.bindLiterals(model.statements.prepare(sql), statement.literals);
  let ran: MemResult;
  try {
    ran = model.mem.execute(naming, 'statement', tx.startedAtMs);
  } catch {
    model.mem.show(before);
    return undefined;
  }
  if (ran.rows.length > 1) {
    reachesMany.add(plan);
    model.mem.show(before);
    return undefined;
  }
  const found = foundRows(ran.rows, plan, keys);
  const chosen = chooseRows(model, tx, plan, mode, found, undefined, progress);
  if (!Array.isArray(chosen)) return chosen; // the caller throws this run's view away
  // Only a write that changed a row is recorded (and applied again): nothing else needs the
  // restricted statement, which costs a binding to build.
  const recorded = !plan.isSelect && chosen.length > 0;
  return {
    kind: 'ran',
    statement: recorded ? restrictedStatement(model, statement, plan, keys, chosen) : statement,
    rows: chosen.map((row) => row.name),
    result: withoutKeys(ran, plan, keys),
  };
}

/**
 * Whether one run answers as the long way would (see the header). The snapshot's view is not
 * shown: with nothing committed since the snapshot it holds the rows the newest view holds. The
 * long way would build it now by applying the transaction's writes to the snapshot, and a read
 * later builds it instead; only an INSERT applied again draws new pg-mem row ids, so with one
 * among the writes it must be built now, as the long way does, and the long way is taken.
 */
function eligible(model: PgModel, tx: OpenTransaction, plan: LockPlan, progress: StatementProgress): boolean {
  return (
    modelShortcuts.oneRunLocking &&
    progress.candidates === undefined &&
    plan.policy !== 'skip locked' &&
    !reachesMany.has(plan) &&
    (tx.snapshot === undefined ||
      (tx.snapshot.version === model.mem.version && tx.writes.every(updatesOrDeletes)))
  );
}

function updatesOrDeletes(write: WriteRecord): boolean {
  const type = write.statement.prepared.ast?.type;
  return type === 'update' || type === 'delete';
}

/** The statement's own answer: a SELECT's rows without the key columns, an UPDATE's or DELETE's without its RETURNING. */
function withoutKeys(ran: MemResult, plan: LockPlan, keys: TableKeys): MemResult {
  if (!plan.isSelect) return { rows: [], rowCount: ran.rowCount, command: ran.command };
  const aliases = keys.key.map((_, index) => keyAlias(index));
  const rows = ran.rows.map((row) => {
    const own: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) if (!aliases.includes(column)) own[column] = value;
    return own;
  });
  return { rows, rowCount: ran.rowCount, command: ran.command };
}
