/**
 * A pg-mem memory saving: like the speed-ups beside it, it must not change any answer, only what
 * pg-mem keeps to give it.
 *
 * pg-mem (3.0.14) keeps each index as a red-black tree from key to an immutable.js Map of the rows
 * under that key (row id to row). Under a unique index, and most keys of any index, that Map holds
 * one row: a Map object, its node, its entries array and one entry array, about 250 bytes per row
 * (measured in a heap snapshot of the service's `payments` table: a tenth of a 10^6-payment run's
 * memory). `OneRow` holds that one row in two fields and answers the five things pg-mem's index
 * asks of a key's rows (`has`, `set`, `delete`, `size`, `values`) as the Map would; a second row
 * under the key turns it into the immutable Map pg-mem would have built, with the rows in the
 * same order (the order an index scan returns them in).
 *
 * `installOneRowIndexKeys` reaches pg-mem's index and tree classes through a throwaway database
 * (they are not exported) and, while an index adds a row, hands the tree a `OneRow` in place of
 * the one-row Map pg-mem made. If pg-mem is not shaped as expected it changes nothing.
 */
import { newDb } from 'pg-mem';

/** The part of immutable.js's Map that pg-mem's index uses. */
interface KeyRows {
  readonly size: number;
  has(id: string): boolean;
  set(id: string, row: object): KeyRows;
  delete(id: string): KeyRows;
  values(): Iterator<object> & Iterable<object>;
  entries(): Iterator<[string, object]>;
}

/** One row under an index key, standing in for a one-entry immutable Map. */
export class OneRow implements KeyRows {
  constructor(
    private readonly id: string,
    private readonly row: object,
  ) {}

  get size(): number {
    return 1;
  }

  has(id: string): boolean {
    return id === this.id;
  }

  set(id: string, row: object): KeyRows {
    if (id === this.id) return row === this.row ? this : new OneRow(id, row);
    return emptyRows().set(this.id, this.row).set(id, row);
  }

  delete(id: string): KeyRows {
    return id === this.id ? emptyRows() : this;
  }

  values(): Iterator<object> & Iterable<object> {
    return [this.row][Symbol.iterator]();
  }

  entries(): Iterator<[string, object]> {
    return [[this.id, this.row] as [string, object]][Symbol.iterator]();
  }
}

interface TreeIterator {
  readonly valid: boolean;
  readonly value: unknown;
}
interface IndexPrototype {
  add(this: object, raw: object, t: unknown): void;
}
interface TreePrototype {
  insert(this: object, key: unknown, value: unknown): unknown;
}

let installed = false;
/** An empty immutable Map (pg-mem's own kind): what a second row, or deleting the one row, turns a key's rows into. */
let empty: KeyRows | undefined;

function emptyRows(): KeyRows {
  if (empty === undefined) throw new Error('one-row index keys: used before they were installed');
  return empty;
}

/** Makes every pg-mem index keep a key's single row as a `OneRow`; answers whether it could. */
export function installOneRowIndexKeys(): boolean {
  if (installed) return true;
  const found = findClasses();
  if (found === undefined) return false;
  const { index, tree } = found;
  empty = found.empty;
  const add = index.add;
  const insert = tree.insert;
  /** True while an index adds a row: only then is a tree's new value a key's rows. */
  let adding = false;
  index.add = function addOneRow(raw, t) {
    adding = true;
    try {
      add.call(this, raw, t);
    } finally {
      adding = false;
    }
  };
  tree.insert = function insertOneRow(key, value) {
    if (!adding || !isOneRowMap(value)) return insert.call(this, key, value);
    const [id, row] = (value as KeyRows).entries().next().value as [string, object];
    return insert.call(this, key, new OneRow(id, row));
  };
  installed = true;
  return true;
}

/** An immutable.js Map (not a OneRow, not anything else a tree may hold) with one entry. */
function isOneRowMap(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)['@@__IMMUTABLE_MAP__@@'] === true &&
    (value as KeyRows).size === 1
  );
}

/** pg-mem's index class, its tree class and an empty immutable Map, from a throwaway database. */
function findClasses(): { index: IndexPrototype; tree: TreePrototype; empty: KeyRows } | undefined {
  try {
    const db = newDb();
    db.public.none(
      'CREATE TABLE one_row_probe (id integer PRIMARY KEY); INSERT INTO one_row_probe VALUES (1)',
    );
    const table = db.public.getTable('one_row_probe') as unknown as {
      indexByHashAndName: Map<string, Map<string, { index: object }>>;
    };
    const index = [...table.indexByHashAndName.values()][0]?.values().next().value?.index as
      | (IndexPrototype & { bin(t: unknown): { begin: TreeIterator } })
      | undefined;
    if (index === undefined) return undefined;
    const bin = index.bin((db as unknown as { data: unknown }).data);
    const rows = bin.begin.value;
    if (!bin.begin.valid || !isOneRowMap(rows)) return undefined;
    const [id] = (rows as KeyRows).entries().next().value as [string, object];
    const indexPrototype = Object.getPrototypeOf(index) as IndexPrototype;
    const treePrototype = Object.getPrototypeOf(bin) as TreePrototype;
    if (typeof indexPrototype.add !== 'function' || typeof treePrototype.insert !== 'function')
      return undefined;
    return { index: indexPrototype, tree: treePrototype, empty: (rows as KeyRows).delete(id) };
  } catch {
    return undefined;
  }
}
