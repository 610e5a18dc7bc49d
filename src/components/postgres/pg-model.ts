/**
 * The model's state beside pg-mem's: the row locks, which rows changed under open snapshots, the
 * serializable transactions' reads and writes, and the open transactions. One per server.
 */
import type { MemDatabase } from './mem-database.js';
import type { OpenTransaction } from './open-transaction.js';
import { RowLockTable } from './row-locks.js';
import { SerializableConflicts } from './serializable-conflicts.js';
import { RowChanges } from './snapshot.js';
import type { StatementCache } from './pg-mem-speed-ups/statement-cache.js';

export class PgModel {
  readonly locks = new RowLockTable();
  readonly changes = new RowChanges();
  readonly ssi = new SerializableConflicts();

  constructor(
    readonly mem: MemDatabase,
    readonly statements: StatementCache,
    /** The open sessions' transactions now. */
    readonly open: () => Iterable<OpenTransaction>,
  ) {}

  /** Whether some open transaction reads a snapshot older than the committed state. */
  snapshotsOpen(except?: OpenTransaction): boolean {
    for (const tx of this.open()) if (tx !== except && tx.snapshot !== undefined) return true;
    return false;
  }

  /** `tx` ended: its locks go, and so does what only its snapshot needed. */
  ended(tx: OpenTransaction, outcome: 'commit' | 'rollback'): void {
    this.locks.release(tx);
    this.ssi.end(tx, outcome);
    if (!this.snapshotsOpen(tx)) this.changes.forget();
  }
}
