/**
 * What a REPEATABLE READ or SERIALIZABLE transaction's plain reads, and its locking statements'
 * search for rows, see: its snapshot plus its own writes, applied again on the snapshot.
 *
 * Those writes ran on the newest committed state, which may no longer hold a row the snapshot
 * holds: a transaction that committed after the snapshot deleted it, or changed its key. An
 * INSERT (or a key-changing UPDATE) may then take that row's unique key, and PostgreSQL lets it:
 * its unique check looks at the newest versions, and the old row's is dead. The snapshot still
 * sees the old row, and the transaction its new one: two rows with one primary key, which pg-mem
 * cannot hold (applying the write again fails with 23505). Checked on PostgreSQL 15: after
 * another transaction renamed (or deleted) k3 and this one inserted k3,
 * - a plain SELECT shows both rows (the old `done` one and the new one);
 * - a locking statement or an UPDATE or DELETE that reaches the old row fails with 40001, as for
 *   any row changed since the snapshot, while one that reaches only the new row locks it;
 * - INSERT ... ON CONFLICT DO NOTHING of k3 again inserts nothing.
 * The model lets the transaction's own row win: the old row is left out of the view ("shadowed"),
 * so a plain read shows the new row only (where PostgreSQL shows both). The row-lock path still
 * finds the old rows, on the snapshot itself (`shadowedReached`), and fails with 40001 as
 * PostgreSQL does; the new row, which bears the same name in the lock table as the old one that
 * changed, is not taken for a row changed since the snapshot (snapshot.ts `changedUnder`). It
 * fails before locking any row, where PostgreSQL may first wait for a row it reaches earlier.
 *
 * Not yet handled: an INSERT ... ON CONFLICT DO NOTHING that took such a key (inserted on the
 * newest state) skips its row when applied again on the snapshot, so the view shows the old row
 * and not the transaction's own (PostgreSQL shows both); it fails nothing.
 *
 * Any other failure to apply the writes again fails the statement that needed the view with
 * 40001, a retryable error, rather than crashing the server. One known: an INSERT of a child row
 * whose parent was committed after the snapshot goes through on the newest state, then fails its
 * foreign key on the snapshot; PostgreSQL's foreign key check reads the snapshot and fails the
 * INSERT itself with 23503 (checked on PostgreSQL 15), the model the transaction's next read.
 */
import { toSql, type Statement } from 'pgsql-ast-parser';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { IBackup } from 'pg-mem';
import type { MemDatabase, WriteRecord } from './mem-database.js';
import type { TableKeys } from './table-keys.js';
import { sqlstateOf } from './pg-mem-errors.js';
import type { PgModel } from './pg-model.js';
import { rowName } from './row-locks.js';
import { concurrentUpdate, type Snapshot } from './snapshot.js';
import { toLiteral } from './sql-literal.js';

/** Shows the snapshot plus `writes` (inside `mem.scratch`); an error if the model cannot. */
export function showSnapshotView(
  model: PgModel,
  writes: readonly WriteRecord[],
  snapshot: Snapshot,
): DatabaseError | undefined {
  const { mem } = model;
  if (snapshot.view !== undefined && snapshot.viewWrites === writes.length) {
    mem.show(snapshot.view);
    return undefined;
  }
  mem.show(snapshot.state);
  snapshot.shadowed.clear();
  try {
    for (const write of writes) applyAgain(model, snapshot, write);
  } catch (error) {
    snapshot.shadowed.clear();
    if (!(error instanceof DatabaseError)) throw error; // the model's own bug, not pg-mem's answer
    return concurrentUpdate();
  }
  snapshot.view = mem.snapshot();
  snapshot.viewWrites = writes.length;
  return undefined;
}

/** Applies one write on the view showing, shadowing the old rows whose unique keys it takes. */
function applyAgain(model: PgModel, snapshot: Snapshot, write: WriteRecord): void {
  const { mem } = model;
  const before = mem.snapshot();
  try {
    mem.execute(write.statement, 'statement', write.atMs);
    return;
  } catch (error) {
    if (sqlstateOf(error) !== SQLSTATE.uniqueViolation) throw error;
  }
  mem.show(before);
  for (const name of shadowing(model, snapshot, write, before)) snapshot.shadowed.add(name);
  mem.execute(write.statement, 'statement', write.atMs); // throws again if shadowing did not help
}

/**
 * The rows changed since the snapshot whose unique keys `write` takes; on return the view (as it
 * was, `before`) shows without them. None if the conflict is with another row.
 */
function shadowing(model: PgModel, snapshot: Snapshot, write: WriteRecord, before: IBackup): string[] {
  const { mem } = model;
  const table = write.statement.prepared.table;
  const keys = table === null ? undefined : mem.tableKeys(table);
  if (table === null || keys === undefined || keys === 'no key') return [];
  const changed = rowsOf(model, table, keys, write.atMs).filter((row) =>
    model.changes.changedSince(row.name, snapshot.version),
  );
  // Without every changed row the write must go through, else its conflict is elsewhere.
  if (changed.length === 0 || !goesThrough(model, write, table, keys, changed)) {
    mem.show(before);
    return [];
  }
  // With several, a row is shadowed if the write fails with it alone of them back.
  const shadowed =
    changed.length === 1
      ? changed
      : changed.filter((row) => {
          mem.show(before);
          const others = changed.filter((other) => other !== row);
          return !goesThrough(model, write, table, keys, others);
        });
  mem.show(before);
  deleteRows(model, table, keys, shadowed, write.atMs);
  return shadowed.map((row) => row.name);
}

interface KeyedRow {
  readonly name: string;
  readonly key: readonly unknown[];
}

/** Whether `write` applies on the view showing once `rows` are deleted from it (they stay deleted). */
function goesThrough(
  model: PgModel,
  write: WriteRecord,
  table: string,
  keys: TableKeys,
  rows: readonly KeyedRow[],
): boolean {
  deleteRows(model, table, keys, rows, write.atMs);
  const trial = model.mem.snapshot();
  try {
    model.mem.execute(write.statement, 'statement', write.atMs);
    return true;
  } catch {
    return false;
  } finally {
    model.mem.show(trial);
  }
}

/** Every row of `table` on the view showing, by its key. */
function rowsOf(model: PgModel, table: string, keys: TableKeys, atMs: number): KeyedRow[] {
  const select: Statement = {
    type: 'select',
    columns: keys.key.map((column) => ({ expr: { type: 'ref', name: column } })),
    from: [{ type: 'table', name: { name: table } }],
  };
  const query = model.statements.bindLiterals(model.statements.prepare(toSql.statement(select)), []);
  return model.mem.execute(query, 'statement', atMs).rows.map((row) => {
    const key = keys.key.map((column) => row[column]);
    return { name: rowName(table, key), key };
  });
}

function deleteRows(
  model: PgModel,
  table: string,
  keys: TableKeys,
  rows: readonly KeyedRow[],
  atMs: number,
): void {
  if (rows.length === 0) return;
  let next = 0;
  const tests = rows.map((_) => keys.key.map((column) => `${quoted(column)} = $${++next}`).join(' AND '));
  const sql = `DELETE FROM ${quoted(table)} WHERE (${tests.join(') OR (')})`;
  const literals = rows.flatMap((row) => row.key.map(toLiteral));
  const statement = model.statements.bindLiterals(model.statements.prepare(sql), literals);
  model.mem.execute(statement, 'statement', atMs);
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Whether a locking statement whose rows are found by `locate` reaches a row the transaction's
 * view shadows: it would fail with 40001 on it in PostgreSQL. Shows the snapshot's own state.
 */
export function shadowedReached(
  mem: MemDatabase,
  snapshot: Snapshot,
  locate: () => readonly { readonly name: string }[] | DatabaseError,
): boolean {
  if (snapshot.shadowed.size === 0) return false;
  mem.show(snapshot.state);
  const found = locate();
  return !(found instanceof DatabaseError) && found.some((row) => snapshot.shadowed.has(row.name));
}
