/**
 * The model's transaction layer on a database that has no concurrent transactions: READ COMMITTED,
 * and the way in to row locks (row-lock-attempt.ts) and snapshots (snapshot.ts).
 *
 * Each statement of a READ COMMITTED transaction runs on the latest committed state plus that
 * transaction's own writes (a fresh snapshot plus its own changes). SELECT ... FOR <mode>, UPDATE
 * and DELETE first lock the rows they reach, waiting for a conflicting holder, and touch only those
 * rows (after a wait, only those of them whose newest version still matches). A write then asks
 * whether it collides with another open transaction's uncommitted unique key, the case where
 * PostgreSQL makes it wait: the statement, stripped of any ON CONFLICT clause, is tried again on
 * the committed state plus the other transaction's writes plus its own. If only that try fails
 * with 23505, the statement waits for the other transaction to end, and is then run again from
 * the start. COMMIT publishes the writes: at once if nothing committed since the transaction's
 * last statement, otherwise by applying them again on the newer committed state (an UPDATE or
 * DELETE applied again touches exactly the rows it locked, which nobody else could change).
 * REPEATABLE READ and SERIALIZABLE: see snapshot.ts and serializable-conflicts.ts.
 *
 * Modelled as in PostgreSQL 15 (each checked by a schedule in test/fixtures/pg-lock-schedules.ts,
 * run on a real server too): FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE with PostgreSQL's
 * conflict table; NOWAIT (55P03); SKIP LOCKED (with LIMIT: the next unlocked rows); UPDATE takes
 * FOR NO KEY UPDATE (FOR UPDATE if it sets a column of a unique index), DELETE FOR UPDATE; waits
 * and their re-check; deadlocks among row-lock and unique-key waits (40P01 after deadlock_timeout);
 * lock_timeout (55P03) and statement_timeout (57014), then 25P02 until ROLLBACK; locks released at
 * COMMIT, ROLLBACK, an error, and a crash of the client or the server.
 *
 * Where this differs from PostgreSQL 15:
 * - Rows are named by their primary key (else their first unique index): row locks on a table
 *   without one are refused (0A000). An UPDATE that changes a row's key, then another transaction
 *   that waited on the old key, is not followed along the update chain: the waiter re-checks the
 *   key it found. A row deleted and inserted again with the same key by another transaction is
 *   one row to a waiter (PostgreSQL would skip it as deleted).
 * - A multi-row statement locks rows in the order its locate query returns them (pg-mem's order,
 *   usually insertion order), not PostgreSQL's physical order: deadlocks inside one statement
 *   pair may differ.
 * - Foreign keys take no FOR KEY SHARE lock on the referenced row: a DELETE of a parent does not
 *   wait for a transaction that inserted a child.
 * - INSERT ... ON CONFLICT DO UPDATE is refused (0A000) in a transaction, or while any row of its
 *   table is locked: the model does not find the row it would lock. FOR UPDATE over a join, a
 *   subquery, GROUP BY, DISTINCT or aggregates, nested locking clauses, FOR UPDATE OF, UPDATE ...
 *   FROM, a data-modifying WITH, LOCK TABLE, advisory locks, savepoints, two-phase commit, BEGIN
 *   READ ONLY / DEFERRABLE, and SET of anything but lock_timeout / statement_timeout are refused
 *   (0A000, unmodelled.ts, lock-plan.ts, session-settings.ts) rather than run with other semantics.
 * - The unique-key wait rule is a test, not a lock table: a write waits if it fails with 23505 only
 *   when another open transaction's writes are counted. It can wait where PostgreSQL would not (an
 *   UPDATE that sets a unique column to a key only that other transaction inserted), and a
 *   conflict it did not foresee surfaces when the writes are applied again at COMMIT: the COMMIT
 *   fails with that error, as a deferred constraint would. A multi-row INSERT is tested as a whole.
 * - Rule `unique-check-on-updated-row` (found by `idemsim conform --worlds 4 --seed 7` with the
 *   row-lock fixture strategy): PostgreSQL's unique check also waits when the existing row with
 *   that key has an uncommitted UPDATE (or DELETE) by another transaction (its dirty snapshot sees
 *   the in-progress xmax), e.g. an autocommit INSERT ... ON CONFLICT DO NOTHING beside a
 *   transaction that updated the key's row; a row only locked FOR UPDATE does not make it wait. The
 *   model answers such an INSERT at once, with the answer PostgreSQL gives once the updater
 *   commits (nothing inserted), so only the wait differs: not modelled yet.
 * - statement_timeout counts only the time a statement waits for a lock (statements otherwise run
 *   in no time); a statement whose client gave up keeps waiting until a timeout, as in PostgreSQL.
 *   SET and SET LOCAL both last until the transaction ends (a session is one transaction); SET on
 *   a pooled autocommit query is refused: the server's lockTimeoutMs / statementTimeoutMs are the
 *   defaults.
 * - now() and current_timestamp read the transaction's start, as in PostgreSQL, but so do
 *   clock_timestamp() and statement_timestamp(). pg-mem freezes `DEFAULT current_timestamp` when
 *   it creates the table: write `DEFAULT now()`.
 * - Sequences (serial, identity) are transactional here: two open transactions may draw the same
 *   value, and a transaction whose writes are applied again at COMMIT may store another value
 *   than its RETURNING showed. Idempotency keys should be natural keys.
 * - DDL runs at once on the committed state, outside any transaction (it is never rolled back).
 * - A session is one transaction (a pooled connection checked out for it); BEGIN on a pooled
 *   autocommit query is refused (0A000). INSERT ... SELECT ... ON CONFLICT DO NOTHING is refused.
 * - The server notices a crashed client's closed connection after `clientCrashDetectMs`, even
 *   across a partition; a statement then running or blocked still finishes first, as PostgreSQL
 *   only notices when it next reads the socket. Messages lost to a partition are not
 *   retransmitted as TCP would: a lost ROLLBACK leaves the transaction open until the idle
 *   timeout (off by default), where TCP might have delivered it after the partition healed.
 * - pg-mem's own gaps remain: 1/0 is NULL (not 22012), no triggers.
 */
import type { IBackup } from 'pg-mem';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { lockPlanOf, type LockPlan } from './lock-plan.js';
import type { MemDatabase, MemResult, StatementPart } from './mem-database.js';
import { modelSwitches } from './model-switches.js';
import type { OpenTransaction } from './open-transaction.js';
import { toDatabaseError } from './pg-mem-errors.js';
import type { PgModel } from './pg-model.js';
import { baseStatement, lockRows, type StatementProgress, type WaitLock } from './row-lock-attempt.js';
import { footprintOf } from './ssi-footprint.js';
import { concurrentUpdate, takeSnapshot } from './snapshot.js';
import { showSnapshotView } from './snapshot-view.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

export type Attempt =
  | { readonly kind: 'done'; readonly result: MemResult }
  | { readonly kind: 'error'; readonly error: DatabaseError }
  | { readonly kind: 'blocked'; readonly on: OpenTransaction; readonly lock: WaitLock };

/** What a statement finally did, once it no longer waits. */
export type Outcome = Exclude<Attempt, { readonly kind: 'blocked' }>;

type Done = Extract<Attempt, { readonly kind: 'done' }>;

/** Runs one statement of `tx`, or says which open transaction it must wait for first. */
export function attempt(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  progress: StatementProgress,
): Attempt {
  const { mem } = model;
  return mem.scratch(() => {
    const committed = mem.snapshot();
    if (tx.isolation !== 'read committed' && tx.snapshot === undefined) {
      tx.snapshot = takeSnapshot(mem, committed);
      if (tx.isolation === 'serializable') model.ssi.begin(tx);
    }
    const plan = lockPlanOf(statement.prepared);
    if (plan instanceof DatabaseError) return { kind: 'error', error: plan };
    const refused = refuseUpsert(model, tx, statement);
    if (refused !== undefined) return { kind: 'error', error: refused };
    try {
      enterView(mem, tx);
    } catch (error) {
      return { kind: 'error', error: toDatabaseError(error) };
    }
    const changed: string[] = [];
    const outcome = runInView(model, tx, statement, plan, progress, committed, changed);
    if (outcome.kind === 'done' && tx.isolation === 'serializable') {
      const { table, kind } = statement.prepared;
      const wrote = kind === 'write' && outcome.result.rowCount > 0;
      model.ssi.note(tx, footprintOf(mem, statement, wrote, table, changed));
    }
    return outcome;
  });
}

/** The statement on `tx`'s view (showing), through the row locks if it takes any. */
function runInView(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  plan: LockPlan | null,
  progress: StatementProgress,
  committed: IBackup,
  changed: string[],
): Attempt {
  const { mem } = model;
  let run = statement;
  // The statement's own run, when locking its rows already ran it (row-lock-shortcut.ts).
  let ran: Done | undefined;
  if (plan !== null && mustLock(model, tx, plan)) {
    const latest = mem.snapshot();
    const { snapshot } = tx;
    const locked = lockRows(model, tx, statement, plan, progress, {
      showRows: () => (snapshot === undefined ? undefined : showSnapshotView(model, tx.writes, snapshot)),
      back: () => mem.show(latest),
    });
    if (locked.kind !== 'run' && locked.kind !== 'ran') return locked;
    run = locked.statement;
    if (locked.kind === 'ran') ran = { kind: 'done', result: locked.result };
    if (!plan.isSelect) changed.push(...locked.rows);
  } else if (plan !== null) {
    run = baseStatement(model, statement, plan);
  }
  if (run.prepared.kind !== 'write') {
    if (ran !== undefined) return ran;
    const unseen =
      tx.snapshot !== undefined && plan === null
        ? showSnapshotView(model, tx.writes, tx.snapshot)
        : undefined;
    return unseen === undefined ? tryRun(mem, tx, run, 'statement') : { kind: 'error', error: unseen };
  }
  const open = modelSwitches.uniqueKeyWait && mayCollide(mem, plan) ? model.open() : [];
  const outcome = write(model, tx, run, open, committed, ran);
  if (outcome.kind !== 'done' || outcome.result.rowCount === 0) return outcome;
  for (const row of changed) tx.changedRows.add(row);
  return outcome;
}

/**
 * Whether the statement must go through the row locks: always in a transaction (others must wait
 * for what it locks); for an autocommit statement only when it might have to wait itself, or a
 * snapshot might need to know which rows it changed.
 */
function mustLock(model: PgModel, tx: OpenTransaction, plan: LockPlan): boolean {
  return tx.sessionId !== null || model.locks.anyOn(plan.table) || model.snapshotsOpen();
}

/**
 * Whether a write could fail with 23505 because of another transaction's writes, so that the
 * collision test (their writes and its own replayed, then the write run again, per open
 * transaction) has something to find. A DELETE, or an UPDATE that sets no column of a unique index,
 * cannot when every unique index of its table is on plain columns of all its rows: the test's
 * state, once the writes replayed, holds each key once, and the write keeps every row's keys (a
 * foreign key's ON DELETE sets NULL, which no unique index counts; its ON UPDATE CASCADE copies
 * a referenced column, which PostgreSQL requires to be unique). An expression or partial
 * unique index could change its keys through any column, so then the test runs.
 */
function mayCollide(mem: MemDatabase, plan: LockPlan | null): boolean {
  if (plan === null || plan.isSelect) return true;
  const keys = mem.tableKeys(plan.table);
  if (typeof keys !== 'object' || !keys.uniqueOnColumnsOnly) return true;
  return plan.setColumns.some((column) => keys.uniqueColumns.has(column));
}

/** INSERT ... ON CONFLICT DO UPDATE locks the row it updates, which the model does not find. */
function refuseUpsert(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
): DatabaseError | undefined {
  const ast = statement.prepared.ast; // ON CONFLICT and the table are the text's, whatever the values
  if (
    ast?.type !== 'insert' ||
    ast.onConflict === null ||
    ast.onConflict === undefined ||
    statement.doNothing
  )
    return undefined;
  if (tx.sessionId === null && !model.locks.anyOn(ast.into.name) && !model.snapshotsOpen()) return undefined;
  return new DatabaseError(
    SQLSTATE.featureNotSupported,
    'INSERT ... ON CONFLICT DO UPDATE in a transaction, or beside one holding row locks, is not modelled: SELECT the row FOR UPDATE, then INSERT or UPDATE it',
  );
}

/**
 * A write on `tx`'s view (showing). It waits if it collides with another open transaction's
 * uncommitted unique key; at REPEATABLE READ and above, an INSERT ... ON CONFLICT DO NOTHING whose
 * conflicting row its snapshot cannot see fails with 40001, as in PostgreSQL. `ran`: the UPDATE or
 * DELETE already ran (its probe is itself), and the view shows its effect.
 */
function write(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  open: Iterable<OpenTransaction>,
  committed: IBackup,
  ran: Done | undefined,
): Attempt {
  const { mem } = model;
  const ownView = ran === undefined ? mem.snapshot() : undefined;
  const probed = ran ?? tryRun(mem, tx, statement, 'probe');
  if (probed.kind === 'error') {
    // A conflict with committed rows or with its own: PostgreSQL does not wait for those.
    const waitsNot = probed.error.code !== SQLSTATE.uniqueViolation || !statement.probeDiffers;
    if (waitsNot || ownView === undefined) return probed;
    mem.show(ownView);
    const resolved = recorded(mem, tx, statement, tryRun(mem, tx, statement, 'statement'));
    return statement.doNothing &&
      tx.snapshot !== undefined &&
      invisibleConflict(model, tx, statement, resolved)
      ? { kind: 'error', error: concurrentUpdate() }
      : resolved;
  }
  const after = mem.snapshot();
  // A write that changed no row in its own view waits for nobody: rows it cannot see are not its concern.
  for (const other of probed.result.rowCount > 0 ? open : []) {
    if (other === tx || !other.mayConflictOn(statement.prepared.table)) continue;
    mem.show(committed);
    if (collidesWith(mem, other, tx, statement)) return { kind: 'blocked', on: other, lock: 'unique key' };
  }
  // No conflict anywhere: the probe's answer is the statement's (ON CONFLICT had nothing to do).
  mem.show(after);
  return recorded(mem, tx, statement, probed);
}

/** Whether the snapshot would have inserted rows the newest state skipped as conflicting. */
function invisibleConflict(
  model: PgModel,
  tx: OpenTransaction,
  statement: BoundStatement,
  outcome: Attempt,
): boolean {
  if (outcome.kind !== 'done' || tx.snapshot === undefined) return false;
  const { mem } = model;
  const { snapshot } = tx;
  return mem.scratch(() => {
    // A view the model cannot show fails the statement with 40001 too (snapshot-view.ts).
    if (showSnapshotView(model, tx.writes, snapshot) !== undefined) return true;
    const onSnapshot = tryRun(mem, tx, statement, 'statement');
    return onSnapshot.kind === 'done' && onSnapshot.result.rowCount > outcome.result.rowCount;
  });
}

/**
 * Publishes `tx`'s writes as the committed state; an error (a deferred conflict, or SERIALIZABLE's
 * 40001) means nothing was published.
 */
export function commit(model: PgModel, tx: OpenTransaction): DatabaseError | undefined {
  const failure = tx.isolation === 'serializable' ? model.ssi.checkCommit(tx) : undefined;
  if (failure !== undefined) return failure;
  const error = publish(model.mem, tx);
  if (error === undefined && tx.changedRows.size > 0 && model.snapshotsOpen(tx))
    model.changes.noteCommit(tx.changedRows, model.mem.version);
  return error;
}

function publish(mem: MemDatabase, tx: OpenTransaction): DatabaseError | undefined {
  if (tx.writes.length === 0) return undefined;
  if (tx.view !== undefined && tx.viewVersion === mem.version) {
    mem.adopt(tx.view);
    return undefined;
  }
  try {
    mem.adopt(
      mem.scratch(() => {
        mem.replay(tx.writes);
        return mem.snapshot();
      }),
    );
    return undefined;
  } catch (error) {
    return toDatabaseError(error);
  }
}

/** Shows committed + `tx`'s writes (the committed state must be showing). */
function enterView(mem: MemDatabase, tx: OpenTransaction): void {
  if (tx.writes.length === 0) return;
  if (tx.view !== undefined && tx.viewVersion === mem.version) {
    mem.show(tx.view);
    return;
  }
  mem.replay(tx.writes);
  tx.view = mem.snapshot();
  tx.viewVersion = mem.version;
}

/** Whether `statement` fails with 23505 only once `other`'s uncommitted writes are there too. */
function collidesWith(
  mem: MemDatabase,
  other: OpenTransaction,
  tx: OpenTransaction,
  statement: BoundStatement,
): boolean {
  try {
    enterView(mem, other);
    mem.replay(tx.writes);
  } catch {
    return false;
  }
  try {
    mem.execute(statement, 'probe', tx.startedAtMs);
    return false;
  } catch (error) {
    return toDatabaseError(error).code === SQLSTATE.uniqueViolation;
  }
}

function tryRun(
  mem: MemDatabase,
  tx: OpenTransaction,
  statement: BoundStatement,
  part: StatementPart,
): Outcome {
  try {
    return { kind: 'done', result: mem.execute(statement, part, tx.startedAtMs) };
  } catch (error) {
    return { kind: 'error', error: toDatabaseError(error) };
  }
}

/**
 * After a write that changed rows, the state showing is the transaction's new view. A write that
 * changed nothing is not kept: applied again later it might match rows it did not match now.
 */
function recorded(
  mem: MemDatabase,
  tx: OpenTransaction,
  statement: BoundStatement,
  outcome: Attempt,
): Attempt {
  if (outcome.kind === 'done' && statement.prepared.kind === 'write' && outcome.result.rowCount > 0) {
    tx.recordWrite({ statement, atMs: tx.startedAtMs }, mem.snapshot(), mem.version);
  }
  return outcome;
}
