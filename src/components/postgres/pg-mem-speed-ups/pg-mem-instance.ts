/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * One pg-mem database, the statements compiled on it, and the state its setup left, so that a
 * later run with the same schema can reuse it, compiled statements included.
 *
 * Compiling a statement costs pg-mem several times more than running it (about 0.4 ms against
 * 0.05 ms for the key-row statements), and a compiled statement (pg-mem's prepared query) holds
 * this database's tables: it can be run again here, on whatever data is showing, but never on
 * another database. So compiled statements are kept per database, by the bound statement's key
 * (its text and the values compiled into it; values left to pg-mem's parameters are not, see
 * live-values.ts), and the database itself outlives the run: `reset` puts it back to the state
 * right after its setup, and the pool (pg-mem-pool.ts) hands it to the next run with that setup.
 *
 * pg-mem's data is one immutable value that a backup restores, but two things live outside it:
 * each table's row-id counter (`it`: row ids decide the order of a sequential scan once a table
 * has more than 8 rows), and the schema (which only setup changes). `reset` restores the
 * counters; a database whose schema changed after its setup is never reused. The counters are
 * pg-mem internals (3.0.14), read through `rowIdCounters`; if their shape is not the expected one
 * the database is simply not reused. Compiled statements are only reused when compiling them
 * read no clock (see clock-reads.ts: the caller puts the time in the key otherwise).
 */
// First: pg-mem must find the fast object-hash when it loads (object-hash-swap.ts).
import './object-hash-swap.js';
import { newDb, type IBackup, type IMemoryDb, type IPreparedQuery, type QueryResult } from 'pg-mem';
import type { Statement } from 'pgsql-ast-parser';
import { fillSlots, findSlots, type IndexKeySlots } from './index-key-slots.js';
import type { TableKeys } from '../table-keys.js';
import type { LiveColumn, LiveShape } from './live-values.js';
import { installHashOrderedRows } from './hash-ordered-rows.js';
import { installInObjectRows } from './in-object-rows.js';
import { installOneRowIndexKeys } from './one-row-index-keys.js';
import { withoutStacks } from './without-stacks.js';

/**
 * Compiled statements kept per database; the least recently used go first. A compiled statement
 * keeps about 10 KB (measured in a hunt's heap), and the pool keeps up to 8 databases, so this
 * bounds what compiled code can hold at about 40 MB. At 2000 a long hunt's heap grew for hours
 * (about 0.5 MB per 1,000 cases as new settings compiled new statements, toward 160 MB); the
 * default comparison compiles about 340 statements over all its databases, so none is dropped.
 */
export const COMPILED_MAX = 500;

/** A compiled statement and, if it was compiled with index-key sentinels, where they sit (null: refused). */
export interface Compiled {
  readonly query: IPreparedQuery;
  readonly slots: IndexKeySlots | null;
}

/** A table's row-id counter: pg-mem names each new row `${table}_${it++}`. */
interface RowIdCounter {
  it: number;
}

export class PgMemInstance {
  /**
   * Kept by reference by pg-mem, which reads it on every compile: the coverage switch. Error
   * diagnostics off: pg-mem would otherwise print the whole failed statement back to SQL into
   * every error's message (a unique violation's included), a paragraph ../pg-mem-errors.ts only
   * cuts out again; the first line and the code it reads are the same either way
   * (test/components/postgres/pg-mem-speed-ups/quiet-errors.test.ts).
   */
  readonly pgMemOptions = { noAstCoverageCheck: false, noErrorDiagnostic: true };
  readonly db: IMemoryDb = newDb(this.pgMemOptions);
  /**
   * The setup this database's state is the result of, as the pool names it ('' for none); null
   * once something else changed its schema: it is then never reused.
   */
  history: string | null = '';
  /** With when each was last used (by `uses`): the least recently used goes first. */
  private readonly compiled = new Map<string, { readonly compiled: Compiled; lastUse: number }>();
  private uses = 0;
  /** By statement shape (text, variant, which values are null): the values that may go live or be slots here (live-values.ts). */
  private readonly liveSets = new Map<string, LiveShape>();
  private pristine: IBackup = this.db.backup();
  private counters: ReadonlyArray<readonly [RowIdCounter, number]> | null = rowIdCounters(this.db);

  /** Statements pg-mem compiled here so far (for tests and benchmarks). */
  compilations = 0;
  /**
   * ../mem-database.ts tableKeys' answers for this schema, which that file empties before anything
   * that may change it runs (setup included): valid for as long as the database is reused.
   */
  readonly tableKeys = new Map<string, TableKeys | 'no key' | undefined>();

  constructor() {
    // Every index keeps a key's single row in two fields, not an immutable Map (one-row-index-keys.ts);
    // installed by the first database, so a process that never runs one does not pay for it.
    installOneRowIndexKeys();
    installHashOrderedRows(); // a table's rows in a B-tree, not a hash trie (hash-ordered-rows.ts)
    installInObjectRows(); // each row's columns in the row object itself (in-object-rows.ts)
  }

  /**
   * Runs a statement tree: without a key, compiled afresh and forgotten (as pg-mem's `query` does);
   * with one, compiled only if nothing was compiled here under that key.
   */
  run(ast: Statement, key: string | undefined): QueryResult {
    if (key === undefined) {
      this.compilations++;
      return withoutStacks(() => this.db.public.query(ast));
    }
    return withoutStacks(() => this.compile(ast, key).query.bind().executeAll());
  }

  /** Runs SQL text, parsed (pg-mem caches that) and compiled afresh: the node-postgres adapter's way. */
  runText(sql: string): QueryResult {
    this.compilations++;
    return this.db.public.query(sql);
  }

  /**
   * Runs a tree with live values (live-values.ts), setting `read[i]` once pg-mem reads value i:
   * which values a run did not need is what tells whether it answered as the literal would. Index
   * keys compiled as sentinels take `slotValues` first (index-key-slots.ts); null, and nothing run,
   * if the compiled code did not keep them where they can be written.
   */
  runReading(
    ast: Statement,
    key: string,
    values: readonly string[],
    read: boolean[],
    slotValues: readonly string[],
  ): QueryResult | null {
    const { query, slots } = this.compile(ast, key, slotValues.length);
    if (slotValues.length > 0) {
      if (slots === null) return null;
      fillSlots(slots, slotValues);
    }
    const reader = readerFor(values.length);
    reader.values = values;
    reader.read = read;
    try {
      return withoutStacks(() => query.bind(reader.args).executeAll());
    } finally {
      reader.values = [];
      reader.read = [];
    }
  }

  /**
   * The compiled code kept under `key`, compiling `ast` if there is none; throws what compiling
   * throws. With `slotCount` index-key sentinels in `ast`, also where they sit.
   */
  compile(ast: Statement, key: string, slotCount = 0): Compiled {
    const kept = this.compiled.get(key);
    // A use stamp, not a move to the map's end: that was a delete and a set on every run.
    if (kept !== undefined) {
      kept.lastUse = ++this.uses;
      return kept.compiled;
    }
    this.compilations++;
    const query = this.db.public.prepare(ast);
    const compiled = { query, slots: slotCount === 0 ? null : findSlots(query, ast, slotCount) };
    if (this.compiled.size >= COMPILED_MAX) this.compiled.delete(this.leastRecentlyUsed());
    this.compiled.set(key, { compiled, lastUse: ++this.uses });
    return compiled;
  }

  /** The key of the compiled statement used longest ago (a scan: only when the map is full). */
  private leastRecentlyUsed(): string {
    let oldest: string | undefined;
    let oldestUse = Number.POSITIVE_INFINITY;
    for (const [key, { lastUse }] of this.compiled) {
      if (lastUse < oldestUse) {
        oldest = key;
        oldestUse = lastUse;
      }
    }
    return oldest as string;
  }

  /**
   * The types pg-mem inferred for the parameters of the statement compiled under `key`, by
   * position ($1 first; empty if nothing is compiled there). pg-mem internals (3.0.14): a prepared
   * query's `params` holds one entry per parameter in the order its visitor met them (a WHERE can
   * come before the SET), but a cast types the entry at the parameter's position in that array, so
   * the position, not the entry's own `index`, says whose type it is.
   */
  parameterTypes(key: string): ReadonlyArray<string | undefined> {
    const query = this.compiled.get(key)?.compiled.query as unknown as { params?: unknown } | undefined;
    if (!Array.isArray(query?.params)) return [];
    return (query.params as ReadonlyArray<{ inferedType?: { primary?: unknown } }>).map((param) => {
      const primary = param.inferedType?.primary;
      return typeof primary === 'string' ? primary : undefined;
    });
  }

  /**
   * Whether `column` is of type text without a length (not varchar(n), not citext): pg-mem (3.0.14)
   * casts a string literal to it as it is, refusing none, so a live value written to or compared
   * with it that a run never read is one the literal statement would have accepted (runnable.ts).
   * Read from the schema as it is now, which is what compiling the literal statement would read.
   */
  isPlainText(column: LiveColumn): boolean {
    const table = this.db.public.getTable(column.table, true);
    if (table === null) return false;
    for (const { name, type } of table.getColumns())
      if (name === column.column) return type.primary === 'text' && type.name === 'text';
    return false;
  }

  /** Which values of a statement shape may go live or be slots here, once learnt (they depend on the indexes). */
  liveSet(shape: string): LiveShape | undefined {
    return this.liveSets.get(shape);
  }

  learnLiveSet(shape: string, live: LiveShape): void {
    this.liveSets.set(shape, live);
  }

  /**
   * Setup SQL ran: the state now showing is what `reset` comes back to, under the name `history`
   * (null: not reusable). The schema may have changed, so nothing compiled before is kept.
   */
  settle(history: string | null): void {
    this.compiled.clear();
    this.liveSets.clear();
    this.pristine = this.db.backup();
    this.counters = rowIdCounters(this.db);
    this.history = this.counters === null ? null : history;
  }

  /**
   * Puts back the state `settle` saw: data, the row-id counters a backup does not hold, and the
   * coverage switch as a new database has it (setup SQL runs with whatever the switch says).
   */
  reset(): void {
    this.pristine.restore();
    for (const [table, it] of this.counters ?? []) table.it = it;
    this.pgMemOptions.noAstCoverageCheck = false;
  }
}

/**
 * Every table's row-id counter with its value now, reached through pg-mem internals (the schemas
 * map and each schema's table set, hidden tables included); null if they are not shaped as
 * expected.
 */
function rowIdCounters(db: IMemoryDb): Array<readonly [RowIdCounter, number]> | null {
  const schemas = (db as unknown as { schemas?: unknown }).schemas;
  if (!(schemas instanceof Map)) return null;
  const counters: Array<readonly [RowIdCounter, number]> = [];
  for (const schema of schemas.values()) {
    const tables = (schema as { _tables?: unknown })._tables;
    if (!(tables instanceof Set)) return null;
    for (const table of tables) {
      const it = (table as Partial<RowIdCounter>).it;
      if (typeof it === 'number') counters.push([table as RowIdCounter, it]);
    }
  }
  return counters;
}

/** pg-mem's parameter values for one run, as an array whose reads are recorded. */
interface ValueReader {
  values: readonly string[];
  read: boolean[];
  /** What pg-mem is given: element i reads `values[i]` and sets `read[i]`. */
  readonly args: unknown[];
}

/**
 * One reader per number of values, reused: defining getters costs more than a run of a small
 * statement, and pg-mem reads the values synchronously, within one run at a time.
 */
const readers = new Map<number, ValueReader>();

function readerFor(count: number): ValueReader {
  const reader = readers.get(count);
  if (reader !== undefined) return reader;
  const made: ValueReader = { values: [], read: [], args: new Array<unknown>(count) };
  for (let index = 0; index < count; index++) {
    Object.defineProperty(made.args, index, {
      get: () => {
        made.read[index] = true;
        return made.values[index];
      },
    });
  }
  readers.set(count, made);
  return made;
}
