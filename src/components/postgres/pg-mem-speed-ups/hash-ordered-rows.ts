/**
 * A pg-mem memory saving: like the speed-ups beside it, it must not change any answer, only what
 * pg-mem keeps to give it.
 *
 * pg-mem (3.0.14) keeps each table's rows in an immutable.js (4.3) Map from the row's hidden id
 * (`${table}_${n}`, also kept on the row under a private symbol) to the row. Once a Map holds more
 * than 8 entries it is a hash array mapped trie: per row a ValueNode, its [id, row] entry array and
 * a share of the trie's node arrays, about 200 bytes (measured in a heap snapshot of the service's
 * `payments` table: a third of what pg-mem keeps per payment). `HashOrderedRows` keeps the same
 * rows in a persistent B-tree whose leaves are plain arrays of the rows themselves (the id is read
 * back from the row), about 15 bytes per row, and answers the seven things pg-mem's table asks of
 * its rows (`size`, `get`, `has`, `set`, `delete`, `values`, `map`) as the Map would.
 *
 * The order matters: a sequential scan returns rows in the Map's iteration order. A trie iterates
 * by the 5-bit chunks of immutable.js's string hash, lowest chunk first (`hamtOrder`); keys whose
 * whole hashes are equal sit in a collision node, in insertion order, a removal moving the group's
 * last key into the removed one's place. The B-tree keeps that order and that rule (a group of
 * equal hashes is never split between leaves). A Map of 8 entries or fewer is an array in
 * insertion order instead, and a Map emptied becomes one again, so only a Map of more than 8
 * entries is converted, and emptying a `HashOrderedRows` gives back immutable.js's empty Map.
 * Like the Map, every change returns a new value and leaves the old one as it was: a backup,
 * a rollback and the snapshots mem-database.ts takes keep working by holding the old value.
 *
 * `installHashOrderedRows` reaches pg-mem's table class and the rows' id symbol through a
 * throwaway database (they are not exported) and converts a table's Map when pg-mem stores one of
 * more than 8 rows (`setBin`). If pg-mem is not shaped as expected, or the throwaway table's Map
 * does not iterate in the order computed here, it changes nothing.
 *
 * The pieces, one idea each: immutable-hash-order.ts (the order), row-entries.ts (what a leaf
 * holds), hash-ordered-tree.ts (the persistent B-tree); this file is the Map pg-mem sees, and its
 * installation.
 */
import { newDb } from 'pg-mem';
import { ARRAY_MAP_SIZE_MAX, hamtOrder, immutableStringHash } from './immutable-hash-order.js';
import {
  Branch,
  build,
  type Change,
  deleteIn,
  entriesIn,
  findIn,
  isSplit,
  mapIn,
  type Node,
  setIn,
} from './hash-ordered-tree.js';
import {
  type Entry,
  entryKey,
  entryOf,
  entryValue,
  orderOf,
  rowIdSymbolKnown,
  useRowIdSymbol,
} from './row-entries.js';

/** The part of immutable.js's Map that pg-mem's table uses, and that converting back needs. */
export interface RowMap {
  readonly size: number;
  get(key: unknown, notSetValue?: unknown): unknown;
  has(key: unknown): boolean;
  set(key: unknown, value: unknown): RowMap;
  delete(key: unknown): RowMap;
  values(): IterableIterator<unknown>;
  keys(): IterableIterator<unknown>;
  entries(): IterableIterator<[unknown, unknown]>;
  map(mapper: (value: unknown, key: unknown, map: RowMap) => unknown): RowMap;
}

/** immutable.js's empty Map, as pg-mem's table uses it: set by install. */
let emptyMap: RowMap | undefined;

/** A table's rows, as an immutable.js Map of more than 8 entries would keep and order them. */
export class HashOrderedRows implements RowMap {
  private constructor(
    readonly size: number,
    private readonly root: Node,
  ) {}

  /**
   * The same entries in the same order, or undefined if `map` is not a Map that iterates by hash
   * (8 entries or fewer), its keys are not strings, or its order is not the one computed here.
   */
  static from(map: RowMap): HashOrderedRows | undefined {
    if (!rowIdSymbolKnown() || map.size <= ARRAY_MAP_SIZE_MAX) return undefined;
    const entries: Entry[] = [];
    let previous = -1;
    for (const [key, value] of map.entries()) {
      if (typeof key !== 'string') return undefined;
      const entry = entryOf(key, value);
      const order = orderOf(entry);
      // Ascending (so each group of equal hashes is together).
      if (order < previous) return undefined;
      previous = order;
      entries.push(entry);
    }
    return new HashOrderedRows(entries.length, build(entries));
  }

  get(key: unknown, notSetValue?: unknown): unknown {
    if (typeof key !== 'string') return notSetValue;
    const found = findIn(this.root, hamtOrder(immutableStringHash(key)), key);
    return found === undefined ? notSetValue : entryValue(found);
  }

  has(key: unknown): boolean {
    return (
      typeof key === 'string' && findIn(this.root, hamtOrder(immutableStringHash(key)), key) !== undefined
    );
  }

  set(key: unknown, value: unknown): RowMap {
    if (typeof key !== 'string') return this.toMap().set(key, value);
    const entry = entryOf(key, value);
    const change: Change = { added: false };
    const grown = setIn(this.root, orderOf(entry), entry, change);
    if (grown === this.root) return this;
    const root = isSplit(grown) ? new Branch([grown.sep], [grown.left, grown.right]) : grown;
    return new HashOrderedRows(this.size + (change.added ? 1 : 0), root);
  }

  delete(key: unknown): RowMap {
    if (typeof key !== 'string') return this;
    let root = deleteIn(this.root, hamtOrder(immutableStringHash(key)), key);
    if (root === this.root) return this;
    if (this.size === 1) return empty();
    while (root instanceof Branch && root.kids.length === 1) root = root.kids[0] as Node;
    return new HashOrderedRows(this.size - 1, root);
  }

  *values(): IterableIterator<unknown> {
    for (const entry of entriesIn(this.root)) yield entryValue(entry);
  }

  *keys(): IterableIterator<string> {
    for (const entry of entriesIn(this.root)) yield entryKey(entry);
  }

  *entries(): IterableIterator<[unknown, unknown]> {
    for (const entry of entriesIn(this.root)) yield [entryKey(entry), entryValue(entry)];
  }

  [Symbol.iterator](): IterableIterator<[unknown, unknown]> {
    return this.entries();
  }

  /** Same keys in the same order, each value mapped (pg-mem copies every row when a column changes). */
  map(mapper: (value: unknown, key: unknown, map: RowMap) => unknown): RowMap {
    const root = mapIn(this.root, (entry) => {
      const key = entryKey(entry);
      return entryOf(key, mapper(entryValue(entry), key, this));
    });
    return new HashOrderedRows(this.size, root);
  }

  /** The immutable.js Map of these entries, in this order (for a key pg-mem's table never uses). */
  private toMap(): RowMap {
    let map = empty();
    for (const [key, value] of this.entries()) map = map.set(key, value);
    return map;
  }
}

function empty(): RowMap {
  if (emptyMap === undefined) throw new Error('hash-ordered rows: used before they were installed');
  return emptyMap;
}

interface TablePrototype {
  setBin(this: object, t: unknown, rows: unknown): unknown;
}

let installed = false;

/** Makes every pg-mem table keep more than 8 rows as `HashOrderedRows`; answers whether it could. */
export function installHashOrderedRows(): boolean {
  if (installed) return true;
  const found = findTable();
  if (found === undefined) return false;
  const { table } = found;
  const setBin = table.setBin;
  table.setBin = function setHashOrderedRows(t, rows) {
    return setBin.call(this, t, rows instanceof HashOrderedRows ? rows : converted(rows));
  };
  installed = true;
  return true;
}

/** An immutable.js Map of more than 8 entries as `HashOrderedRows`, anything else as it is. */
function converted(rows: unknown): unknown {
  const isMap =
    typeof rows === 'object' &&
    rows !== null &&
    (rows as Record<string, unknown>)['@@__IMMUTABLE_MAP__@@'] === true &&
    (rows as RowMap).size > ARRAY_MAP_SIZE_MAX;
  return isMap ? (HashOrderedRows.from(rows as RowMap) ?? rows) : rows;
}

/**
 * pg-mem's table class, with the id symbol and the empty Map set, from a throwaway table whose
 * rows' Map iterates in the order computed here (undefined, and nothing set, if not).
 */
function findTable(): { table: TablePrototype } | undefined {
  try {
    const db = newDb();
    const probe = Array.from({ length: 40 }, (_, n) => `(${n})`).join(', ');
    db.public.none(
      `CREATE TABLE hash_ordered_probe (n integer); INSERT INTO hash_ordered_probe VALUES ${probe}`,
    );
    const table = db.public.getTable('hash_ordered_probe') as unknown as TablePrototype & {
      bin(t: unknown): RowMap & { clear(): RowMap };
    };
    const rows = table.bin((db as unknown as { data: unknown }).data);
    const first = rows.values().next().value as object;
    const symbol = Object.getOwnPropertySymbols(first).find((each) => each.description === '_id');
    const prototype = Object.getPrototypeOf(table) as TablePrototype;
    if (symbol === undefined || typeof prototype.setBin !== 'function') return undefined;
    useRowIdSymbol(symbol);
    emptyMap = rows.clear();
    const same = HashOrderedRows.from(rows);
    const order = (map: RowMap): string => JSON.stringify([...map.entries()].map(([key]) => key));
    if (same === undefined || order(same) !== order(rows) || emptyMap.size !== 0) {
      useRowIdSymbol(undefined);
      emptyMap = undefined;
      return undefined;
    }
    return { table: prototype };
  } catch {
    useRowIdSymbol(undefined);
    emptyMap = undefined;
    return undefined;
  }
}
