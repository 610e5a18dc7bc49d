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
 *
 * The pg-mem database underneath comes from a pool (pg-mem-speed-ups/pg-mem-pool.ts), only when
 * first needed (a run whose strategy never touches PostgreSQL builds none), and goes back at
 * `release`, with the statements compiled on it (pg-mem-speed-ups/pg-mem-instance.ts). While only
 * setup SQL has run, each setup may switch to a pooled database that had the same setup, instead
 * of running it again.
 */
import type { IBackup } from 'pg-mem';
import { toSql, type InsertStatement } from 'pgsql-ast-parser';
import { withVirtualDate } from '../../world/virtual-date.js';
import { setupReadsClock } from './pg-mem-speed-ups/clock-reads.js';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { sqlstateOf, toDatabaseError } from './pg-mem-errors.js';
import { tableKeysOf, type TableKeys } from './table-keys.js';
import { PgMemInstance } from './pg-mem-speed-ups/pg-mem-instance.js';
import { emptyDatabase, handBack, takeDatabase } from './pg-mem-speed-ups/pg-mem-pool.js';
import { keyedRunnable, runOn, withoutOnConflict, type Runnable } from './pg-mem-speed-ups/runnable.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';

/** Which tree of a bound statement runs: the statement, or its probe (BoundStatement.probe). */
export type StatementPart = 'statement' | 'probe';

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
  /**
   * Whether databases and the statements compiled on them are reused (default true), or every run
   * gets a new database and every statement is compiled afresh, as before they were (only for
   * measuring the difference, and for tests that compare the two).
   */
  readonly reuse?: boolean;
}

export class MemDatabase {
  private readonly checkAlways: boolean;
  private readonly asText: boolean;
  private readonly reuse: boolean;
  /** The pg-mem database, once anything needed one; undefined again after `release`. */
  private current: PgMemInstance | undefined;
  /** The setup SQL run so far, as the pool names it; null once anything else ran (no more switching). */
  private history: string | null = '';
  private released = false;
  /** Bumped whenever the committed state changes: snapshots of views older than this are stale. */
  version = 0;
  /** Statements pg-mem has run, replays and conflict probes included. */
  executions = 0;
  /** Statements pg-mem has compiled for them (fewer than executions when compiled code is reused). */
  compilations = 0;

  constructor(options: MemDatabaseOptions = {}) {
    this.asText = options.handOver === 'text';
    this.checkAlways = options.coverageCheck === 'always' || this.asText;
    this.reuse = options.reuse ?? true;
  }

  /** Runs SQL text (schema, seed rows; several statements allowed) directly on the committed state. */
  setup(sql: string, atMs: number): void {
    this.schemaMayChange();
    const next =
      this.history === null
        ? null
        : `${this.history}\u0001${setupReadsClock(sql) ? `${sql}\u0000${atMs}` : sql}`;
    const pooled = next === null || !this.reuse ? undefined : takeDatabase(next);
    try {
      if (pooled !== undefined) this.switchTo(pooled, next as string);
      else this.runSetup(sql, atMs, next);
    } finally {
      this.version++;
    }
  }

  /** Reads the state showing now (the committed state, between events). */
  read(sql: string, atMs: number): Array<Record<string, unknown>> {
    this.schemaMayChange();
    const db = this.touch().db;
    return withVirtualDate(atMs, () => db.public.many(sql));
  }

  /**
   * Runs the bound statement or its probe on the state showing; throws DatabaseError. The part is
   * named, not handed over as a tree, so that the literal tree stays unbuilt when a live binding
   * runs (statement-cache.ts).
   */
  execute(statement: BoundStatement, part: StatementPart, atMs: number): MemResult {
    const { prepared } = statement;
    if (prepared.kind === 'ddl') this.schemaMayChange();
    const instance = this.touch();
    const isStatement = part === 'statement' || !statement.probeDiffers;
    const checked = isStatement ? prepared.coverageChecked : prepared.probeCoverageChecked;
    instance.pgMemOptions.noAstCoverageCheck = !this.checkAlways && checked;
    const compiledBefore = instance.compilations;
    try {
      const result = withVirtualDate(atMs, () => {
        const target = this.runnable(statement, isStatement, checked, atMs);
        return isStatement && statement.doNothing ? this.insertDoNothing(target) : this.run(target);
      });
      if (isStatement) prepared.coverageChecked = true;
      else prepared.probeCoverageChecked = true;
      return result;
    } catch (error) {
      throw toDatabaseError(error);
    } finally {
      this.compilations += instance.compilations - compiledBefore;
    }
  }

  /** Applies writes again, in order, on the state showing; throws the first error. */
  replay(writes: readonly WriteRecord[]): void {
    for (const write of writes) this.execute(write.statement, 'statement', write.atMs);
  }

  /**
   * The columns naming a row of `table` (its primary key, else its first unique index on plain
   * columns) and every column a unique index covers; undefined if there is no such table.
   */
  tableKeys(table: string): TableKeys | 'no key' | undefined {
    const { db, tableKeys: keys } = this.touch();
    // Asked for each locking statement, and the same until the schema changes (see schemaMayChange).
    if (!keys.has(table)) keys.set(table, tableKeysOf(db, table));
    return keys.get(table);
  }

  snapshot(): IBackup {
    return this.touch().db.backup();
  }

  /** Shows a snapshot's state (inside `scratch`, so the committed state comes back after). */
  show(snapshot: IBackup): void {
    snapshot.restore();
  }

  /** Runs `fn` on the state showing, then shows again what showed before, whatever `fn` did. */
  scratch<T>(fn: () => T): T {
    const saved = this.touch().db.backup();
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

  /**
   * Hands the pg-mem database back to the pool for a later run (the end of a run): nothing may use
   * this MemDatabase after, nor any snapshot it made.
   */
  release(): void {
    if (this.current !== undefined && this.reuse) handBack(this.current);
    this.current = undefined;
    this.released = true;
  }

  /**
   * Something that may change the schema is about to run: setup, DDL, read's SQL (pg-mem's own
   * schema version misses CREATE INDEX). tableKeys' answers are kept on the pg-mem database, so
   * that a pooled one (whose schema is its setup's, pg-mem-pool.ts) keeps them from run to run:
   * they were read again in every run, after its strategy's CREATE TABLEs.
   */
  private schemaMayChange(): void {
    this.current?.tableKeys.clear();
  }

  /** The database, for anything but setup: from now on setup runs on it (no switching). */
  private touch(): PgMemInstance {
    this.history = null;
    return this.database();
  }

  private database(): PgMemInstance {
    if (this.released) throw new Error('this database was released at the end of its run');
    this.current ??= this.reuse ? emptyDatabase() : new PgMemInstance();
    return this.current;
  }

  /** Nothing but setup ran: a pooled database with one more setup is what running it would give. */
  private switchTo(pooled: PgMemInstance, history: string): void {
    if (this.current !== undefined) handBack(this.current);
    this.current = pooled;
    this.history = history;
  }

  /** Runs setup SQL here; the database is reusable afterwards only if nothing but setup ever ran on it. */
  private runSetup(sql: string, atMs: number, next: string | null): void {
    const instance = this.database();
    try {
      withVirtualDate(atMs, () => instance.db.public.none(sql));
    } catch (error) {
      this.history = null;
      instance.settle(null); // a failed setup may have changed part of the schema
      throw toDatabaseError(error);
    }
    this.history = next;
    instance.settle(next);
  }

  /** How to hand the statement (or its probe) to pg-mem: reusing compiled code once pg-mem has checked its coverage. */
  private runnable(
    statement: BoundStatement,
    isStatement: boolean,
    checked: boolean,
    atMs: number,
  ): Runnable {
    // Until pg-mem has checked this tree's coverage, the check is compiled in: nothing to keep.
    if (!this.reuse || this.asText || this.checkAlways || !checked)
      return { ast: isStatement ? statement.ast : statement.probe };
    return keyedRunnable(this.database(), statement, isStatement, atMs);
  }

  private run(target: Runnable): MemResult {
    this.executions++;
    const instance = this.database();
    const result = this.asText ? instance.runText(toSql.statement(target.ast)) : runOn(instance, target);
    return {
      rows: result.rows as Array<Record<string, unknown>>,
      rowCount: result.rowCount,
      command: result.command,
    };
  }

  /** PostgreSQL's answer: conflicting rows are skipped and neither returned nor counted. */
  private insertDoNothing(target: Runnable): MemResult {
    const ast = target.ast as InsertStatement;
    if (ast.insert.type !== 'values') {
      throw new DatabaseError(
        SQLSTATE.featureNotSupported,
        'INSERT ... SELECT ... ON CONFLICT DO NOTHING is not modelled; use VALUES',
      );
    }
    const { values: rowsOfValues } = ast.insert;
    const db = this.database().db;
    const start = db.backup();
    const rows: Array<Record<string, unknown>> = [];
    let rowCount = 0;
    try {
      rowsOfValues.forEach((values, index) => {
        const single: InsertStatement = { ...ast, insert: { type: 'values', values: [values] } };
        // One row: the single-row insert is the statement itself, compiled under its own key.
        const key =
          target.key === undefined || rowsOfValues.length === 1
            ? target.key
            : `${target.key}\u0000row${index}`;
        // (not a spread: a Runnable's key may be a getter)
        const { values: live, params, columns, slotValues, literal } = target;
        const inserted = this.insertOneDoNothing({
          ast: single,
          key,
          values: live,
          params,
          columns,
          slotValues,
          literal,
        });
        rows.push(...inserted.rows);
        rowCount += inserted.rowCount;
      });
    } catch (error) {
      start.restore(); // one statement: all rows or none
      throw error;
    }
    return { rows, rowCount, command: 'INSERT' };
  }

  private insertOneDoNothing(single: Runnable): MemResult {
    const before = this.database().db.backup();
    try {
      return this.run(withoutOnConflict(single));
    } catch (error) {
      if (sqlstateOf(error) !== SQLSTATE.uniqueViolation) throw error;
      before.restore();
      this.run(single); // throws 23505 if the conflict is not on the ON CONFLICT target
      before.restore(); // pg-mem answered with the existing row: PostgreSQL answers with none
      return { rows: [], rowCount: 0, command: 'INSERT' };
    }
  }
}
