/**
 * REPEATABLE READ and SERIALIZABLE snapshots: what such a transaction sees, and how the model
 * knows that a row it is about to lock or change was changed by a transaction that committed
 * after its snapshot (PostgreSQL's "could not serialize access due to concurrent update", 40001).
 *
 * The snapshot is the committed state at the transaction's first statement (not at BEGIN, as in
 * PostgreSQL). Plain reads run on it plus the transaction's own writes. Writes and locking reads
 * run on the newest committed state plus its own writes, as at READ COMMITTED, but only on rows
 * the snapshot sees, and only if no transaction that committed after the snapshot changed them.
 * The model remembers which committed version last changed each row (an UPDATE or DELETE that
 * went through the row-lock path) while any snapshot is open.
 *
 * Where this differs from PostgreSQL 15: an UPDATE's or DELETE's subqueries on other tables, and
 * a locking SELECT's, read the newest committed state, not the snapshot. An INSERT ... ON CONFLICT
 * DO NOTHING that skips a row its snapshot cannot see fails with 40001, as in PostgreSQL; a plain
 * INSERT of such a key fails with 23505, as in PostgreSQL. An INSERT of a key whose row the snapshot
 * sees but a later commit deleted (or gave another key) goes through, as in PostgreSQL; the
 * snapshot's view then cannot hold both rows, and shows the transaction's own (snapshot-view.ts).
 */
import type { IBackup } from 'pg-mem';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { MemDatabase } from './mem-database.js';

export interface Snapshot {
  /** The committed state it reads. */
  readonly state: IBackup;
  /** The committed version it saw: a row changed at a later version is newer than it knows. */
  readonly version: number;
  /** Its state plus the transaction's writes, valid while it has `viewWrites` writes. */
  view: IBackup | undefined;
  viewWrites: number;
  /**
   * Rows of its state left out of the view because the transaction's own writes took their
   * unique keys after a later commit deleted them or changed their keys (snapshot-view.ts).
   */
  readonly shadowed: Set<string>;
}

export function takeSnapshot(mem: MemDatabase, committed: IBackup): Snapshot {
  return { state: committed, version: mem.version, view: undefined, viewWrites: -1, shadowed: new Set() };
}

/**
 * Whether the row named `row` that the snapshot's view shows was changed by a transaction that
 * committed after the snapshot. A shadowed name is the transaction's own row now: the old row
 * that changed under that name is not in the view (snapshot-view.ts).
 */
export function changedUnder(changes: RowChanges, snapshot: Snapshot, row: string): boolean {
  return changes.changedSince(row, snapshot.version) && !snapshot.shadowed.has(row);
}

export function concurrentUpdate(): DatabaseError {
  return new DatabaseError(
    SQLSTATE.serializationFailure,
    'could not serialize access due to concurrent update',
  );
}

/** Which committed version last changed each row, while some snapshot may need to know. */
export class RowChanges {
  private readonly lastChanged = new Map<string, number>();

  /** A transaction committed at `version`, having changed `rows`. */
  noteCommit(rows: Iterable<string>, version: number): void {
    for (const row of rows) this.lastChanged.set(row, version);
  }

  /** Whether a transaction that committed after `version` changed `row`. */
  changedSince(row: string, version: number): boolean {
    return (this.lastChanged.get(row) ?? -1) > version;
  }

  /** No snapshot is open: nobody can ask about changes made before now. */
  forget(): void {
    this.lastChanged.clear();
  }
}
