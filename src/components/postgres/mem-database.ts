/**
 * The pg-mem database under the simulated server: runs bound statements on whatever state it
 * shows, and switches between states cheaply.
 *
 * pg-mem has no concurrent transactions, but its whole state is one immutable value, so a
 * snapshot (`backup`) and a switch back (`restore`) cost about a microsecond. The server keeps
 * the committed state showing between events; a transaction's statement runs on a scratch state
 * (committed plus that transaction's own writes) and the committed state is put back before
 * anything else runs.
 *
 * Two pg-mem behaviours are corrected here:
 * - `INSERT ... ON CONFLICT DO NOTHING` returns the existing row for a conflicting insert (and
 *   counts it); PostgreSQL returns no row and counts 0. Each VALUES row is tried as a plain
 *   INSERT first; on 23505, pg-mem's own ON CONFLICT decides whether the conflict is on the
 *   target (no row) or elsewhere (it throws 23505 too), and its answer is discarded.
 * - `now()` reads the virtual clock: every call runs inside `withVirtualDate`.
 * pg-mem also checks, at some cost, that it used every part of a statement's tree (so a clause it
 * would silently ignore is an error instead); that check runs on each statement text's first
 * successful execution only, by default.
 */
import { newDb, type IBackup, type IMemoryDb } from 'pg-mem';
import { toSql, type InsertStatement, type Statement } from 'pgsql-ast-parser';
import { withVirtualDate } from '../../world/virtual-date.js';
import { DatabaseError, SQLSTATE } from './database-port.js';
import { toDatabaseError } from './pg-mem-errors.js';
import type { BoundStatement } from './statement-cache.js';

export interface MemResult {
  readonly rows: Array<Record<string, unknown>>;
  readonly rowCount: number;
  readonly command: string;
}

/** A write a transaction made, kept so that it can be applied again on newer committed state. */
export interface WriteRecord {
  readonly statement: BoundStatement;
  /** The virtual time its `now()` reads, ms. */
  readonly atMs: number;
}

export interface MemDatabaseOptions {
  /** When pg-mem checks that it understood every clause: each text's first use (default) or always. */
  readonly coverageCheck?: 'first-use' | 'always';
  /**
   * How bound statements reach pg-mem: as parsed trees (default), or printed back to SQL text for
   * pg-mem to parse again, as its node-postgres adapter does (only for measuring the difference).
   */
  readonly handOver?: 'tree' | 'text';
}

export class MemDatabase {
  /** Kept by reference by pg-mem, which reads it on every statement: the coverage switch. */
  private readonly pgMemOptions = { noAstCoverageCheck: false };
  private readonly db: IMemoryDb = newDb(this.pgMemOptions);
  private readonly checkAlways: boolean;
  private readonly asText: boolean;
  /** Bumped whenever the committed state changes: snapshots of views older than this are stale. */
  version = 0;
  /** Statements pg-mem has run, replays and conflict probes included. */
  executions = 0;

  constructor(options: MemDatabaseOptions = {}) {
    this.asText = options.handOver === 'text';
    this.checkAlways = options.coverageCheck === 'always' || this.asText;
  }

  /** Runs SQL text (schema, seed rows; several statements allowed) directly on the committed state. */
  setup(sql: string, atMs: number): void {
    try {
      withVirtualDate(atMs, () => this.db.public.none(sql));
    } catch (error) {
      throw toDatabaseError(error);
    } finally {
      this.version++;
    }
  }

  /** Reads the state showing now (the committed state, between events). */
  read(sql: string, atMs: number): Array<Record<string, unknown>> {
    return withVirtualDate(atMs, () => this.db.public.many(sql));
  }

  /** Runs `ast` (the bound statement or its probe) on the state showing; throws DatabaseError. */
  execute(statement: BoundStatement, ast: Statement, atMs: number): MemResult {
    const { prepared } = statement;
    this.pgMemOptions.noAstCoverageCheck = !this.checkAlways && prepared.coverageChecked;
    try {
      const result = withVirtualDate(atMs, () =>
        ast === statement.ast && statement.doNothing ? this.insertDoNothing(ast as InsertStatement) : this.run(ast),
      );
      if (ast === statement.ast) prepared.coverageChecked = true;
      return result;
    } catch (error) {
      throw toDatabaseError(error);
    }
  }

  /** Applies writes again, in order, on the state showing; throws the first error. */
  replay(writes: readonly WriteRecord[]): void {
    for (const write of writes) this.execute(write.statement, write.statement.ast, write.atMs);
  }

  snapshot(): IBackup {
    return this.db.backup();
  }

  /** Shows a snapshot's state (inside `scratch`, so the committed state comes back after). */
  show(snapshot: IBackup): void {
    snapshot.restore();
  }

  /** Runs `fn` on the state showing, then shows again what showed before, whatever `fn` did. */
  scratch<T>(fn: () => T): T {
    const saved = this.db.backup();
    try {
      return fn();
    } finally {
      saved.restore();
    }
  }

  /** Makes a snapshot the committed state (a COMMIT). */
  adopt(snapshot: IBackup): void {
    snapshot.restore();
    this.version++;
  }

  private run(ast: Statement): MemResult {
    this.executions++;
    const result = this.db.public.query(this.asText ? toSql.statement(ast) : ast);
    return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount, command: result.command };
  }

  /** PostgreSQL's answer: conflicting rows are skipped and neither returned nor counted. */
  private insertDoNothing(ast: InsertStatement): MemResult {
    if (ast.insert.type !== 'values') {
      throw new DatabaseError(SQLSTATE.featureNotSupported, 'INSERT ... SELECT ... ON CONFLICT DO NOTHING is not modelled; use VALUES');
    }
    const start = this.db.backup();
    const rows: Array<Record<string, unknown>> = [];
    let rowCount = 0;
    try {
      for (const values of ast.insert.values) {
        const inserted = this.insertOneDoNothing({ ...ast, insert: { type: 'values', values: [values] } });
        rows.push(...inserted.rows);
        rowCount += inserted.rowCount;
      }
    } catch (error) {
      start.restore(); // one statement: all rows or none
      throw error;
    }
    return { rows, rowCount, command: 'INSERT' };
  }

  private insertOneDoNothing(single: InsertStatement): MemResult {
    const before = this.db.backup();
    try {
      return this.run({ ...single, onConflict: null });
    } catch (error) {
      if (toDatabaseError(error).code !== SQLSTATE.uniqueViolation) throw error;
      before.restore();
      this.run(single); // throws 23505 if the conflict is not on the ON CONFLICT target
      before.restore(); // pg-mem answered with the existing row: PostgreSQL answers with none
      return { rows: [], rowCount: 0, command: 'INSERT' };
    }
  }
}
