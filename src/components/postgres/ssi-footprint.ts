/**
 * What a SERIALIZABLE statement read and wrote, as serializable-conflicts.ts compares them: whole
 * tables, or single rows where the model can name them.
 *
 * A read is of one row when the statement reads one table through an equality on every column of
 * its key (`WHERE key = $1 [AND ...]`): PostgreSQL then locks that index entry and the heap row,
 * and an INSERT of the same key later conflicts with it too, so the row's name stands for both.
 * Any other read is of the whole table, as PostgreSQL's sequential scan (and, on a small table,
 * its one index page) is. A write is of the rows an UPDATE or DELETE locked, or of the keys an
 * INSERT's VALUES give; an INSERT whose key the model cannot read (a default, a SELECT) writes the
 * whole table.
 *
 * Which tables a statement reads, and which of its equalities and VALUES items could name a key,
 * depend only on its text: they are found once per text (footprint-shape.ts), and each statement
 * only looks its bound values up in them.
 */
import type { MemDatabase } from './mem-database.js';
import type { TableKeys } from './table-keys.js';
import type { BoundStatement } from './pg-mem-speed-ups/statement-cache.js';
import { boundValue, footprintShape, type Equality, type InsertShape } from './footprint-shape.js';

export interface Footprint {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** A row's name: its table and its key values as text. */
export function ssiRow(table: string, key: readonly unknown[]): string {
  return `${table}\u0000${key.map(String).join('\u0001')}`;
}

/** The statement's footprint; `changedRows` are row-locks.ts names of the rows it updated or deleted. */
export function footprintOf(
  mem: MemDatabase,
  statement: BoundStatement,
  wrote: boolean,
  table: string | null,
  changedRows: readonly string[],
): Footprint {
  const shape = footprintShape(statement.prepared);
  const { literals } = statement;
  const inserted = shape.insert === undefined ? undefined : insertedKeys(mem, shape.insert, literals);
  const reads = shape.reads.flatMap(({ table: read, equalities }) =>
    // An upsert reads only the keys it inserts (its conflict check), when the model can name them.
    shape.insert !== undefined && read === shape.insert.table && inserted !== undefined
      ? inserted
      : [keyRead(mem, read, equalities, literals) ?? read],
  );
  if (!wrote || table === null) return { reads, writes: [] };
  if (shape.insert !== undefined) return { reads, writes: inserted ?? [table] };
  const writes = changedRows.map((row) => {
    const split = row.indexOf('\u0000');
    return ssiRow(row.slice(0, split), JSON.parse(row.slice(split + 1)) as unknown[]);
  });
  return { reads, writes };
}

/** The row a one-table statement reads by its whole key; undefined if it reads more. */
function keyRead(
  mem: MemDatabase,
  table: string,
  equalities: readonly Equality[] | undefined,
  literals: BoundStatement['literals'],
): string | undefined {
  const keys = equalities === undefined ? undefined : keysOf(mem, table);
  if (equalities === undefined || keys === undefined || keys === 'no key') return undefined;
  // In the WHERE's order, a later equality on a column overriding an earlier one.
  const equal = new Map<string, unknown>();
  for (const { column, value } of equalities) {
    const bound = boundValue(value, literals);
    if (bound !== undefined) equal.set(column, bound);
  }
  const key = keys.key.map((column) => equal.get(column));
  return key.every((value) => value !== undefined) ? ssiRow(table, key) : undefined;
}

/** The key of every row an INSERT ... VALUES gives; undefined if one is not a literal. */
function insertedKeys(
  mem: MemDatabase,
  insert: InsertShape,
  literals: BoundStatement['literals'],
): string[] | undefined {
  const keys = keysOf(mem, insert.table);
  if (keys === undefined || keys === 'no key' || insert.rows === undefined || insert.columns === undefined)
    return undefined;
  const { columns, rows: valueRows } = insert;
  const rows: string[] = [];
  for (const values of valueRows) {
    const key = keys.key.map((column) => {
      const at = columns.indexOf(column);
      const value = values[at];
      return at < 0 || value === undefined ? undefined : boundValue(value, literals);
    });
    if (key.some((value) => value === undefined)) return undefined;
    rows.push(ssiRow(insert.table, key));
  }
  return rows;
}

/** The table's keys, asked of pg-mem once per committed version (only setup, which bumps it, changes a schema). */
interface KnownKeys {
  version: number;
  readonly byTable: Map<string, TableKeys | 'no key' | undefined>;
}

const knownKeys = new WeakMap<MemDatabase, KnownKeys>();

function keysOf(mem: MemDatabase, table: string): TableKeys | 'no key' | undefined {
  let known = knownKeys.get(mem);
  if (known === undefined) {
    known = { version: mem.version, byTable: new Map() };
    knownKeys.set(mem, known);
  } else if (known.version !== mem.version) {
    known.version = mem.version;
    known.byTable.clear();
  }
  if (known.byTable.has(table)) return known.byTable.get(table);
  const keys = mem.tableKeys(table);
  known.byTable.set(table, keys);
  return keys;
}
