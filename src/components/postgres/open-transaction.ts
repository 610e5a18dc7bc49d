/**
 * One transaction open on the server, which is also its session (a pooled connection checked out
 * for one transaction): its writes, not yet visible to anyone else, and what waits on its end.
 */
import type { IBackup } from 'pg-mem';
import { wait, type Proc } from '../../engine/effects.js';
import { Future } from '../../engine/future.js';
import type { WriteRecord } from './mem-database.js';
import type { IsolationLevel } from './pg-mem-speed-ups/statement-cache.js';
import type { SessionSettings } from './session-settings.js';
import type { Snapshot } from './snapshot.js';

export class OpenTransaction {
  /** Its writes in order, applied again on newer committed state when it is stale. */
  readonly writes: WriteRecord[] = [];
  /** Tables written; null stands for a write whose table is not known (a data-modifying WITH). */
  private readonly tables = new Set<string | null>();
  /** The committed state plus its writes, valid while the committed version is `viewVersion`. */
  view: IBackup | undefined;
  viewVersion = -1;
  /**
   * An error aborted it: its writes are gone and its locks released at once (as in PostgreSQL),
   * but the session stays in the failed transaction block: statements fail with 25P02 until
   * ROLLBACK, and COMMIT answers ROLLBACK.
   */
  failed = false;
  /** The session is over (COMMIT, ROLLBACK, or the connection was lost). */
  closed = false;
  /** The transaction whose end its current statement waits for (for deadlock detection). */
  waitingFor: OpenTransaction | undefined;
  /** Resolves when it commits or rolls back; blocked statements of others wait on it. */
  readonly ended = new Future<'commit' | 'rollback'>();
  /** A session runs one statement at a time, in arrival order: resolves when the last queued ends. */
  tail = settled();
  /** Bumped by every statement, so an idle timer armed before it knows it is stale. */
  activity = 0;
  /** The client vanished while a statement ran: roll back as soon as the statement finishes. */
  doomed = false;
  /** Its isolation level: from BEGIN, or SET TRANSACTION before its first statement. */
  isolation: IsolationLevel = 'read committed';
  /** Statements run so far, BEGIN and SET aside (SET TRANSACTION must come before the first). */
  statements = 0;
  /** REPEATABLE READ and SERIALIZABLE: what it sees, taken at its first statement (snapshot.ts). */
  snapshot: Snapshot | undefined;
  /** Rows (row-locks.ts names) its UPDATEs and DELETEs changed: a later snapshot must not miss it. */
  readonly changedRows = new Set<string>();
  /** SET LOCAL / SET lock_timeout and statement_timeout, ms; undefined: the server's default. */
  readonly settings: SessionSettings = {};

  constructor(
    /** The session (connection) id the client chose; null for an autocommit statement. */
    readonly sessionId: string | null,
    /** The node the client runs on: its crash closes the connection. */
    readonly client: string,
    /** Virtual time of BEGIN (or of the autocommit statement), ms: what now() reads, as in PostgreSQL. */
    readonly startedAtMs: number,
  ) {}

  get busy(): boolean {
    return !this.tail.settled;
  }

  /** Waits until the session's earlier statements are done; resolve the returned turn when done. */
  *takeTurn(): Proc<Future<void>> {
    const previous = this.tail;
    const turn = new Future<void>();
    this.tail = turn;
    this.activity++;
    if (!previous.settled) yield* wait(previous);
    return turn;
  }

  recordWrite(write: WriteRecord, view: IBackup, version: number): void {
    this.writes.push(write);
    this.tables.add(write.statement.prepared.table);
    this.view = view;
    this.viewVersion = version;
  }

  /** Forgets its writes (a rollback). */
  discardWrites(): void {
    this.writes.length = 0;
    this.tables.clear();
    this.view = undefined;
    this.changedRows.clear();
  }

  /** Whether its writes could hold a unique key that a write to `table` collides with. */
  mayConflictOn(table: string | null): boolean {
    return this.writes.length > 0 && (table === null || this.tables.has(null) || this.tables.has(table));
  }
}

function settled(): Future<void> {
  const future = new Future<void>();
  future.resolve();
  return future;
}
