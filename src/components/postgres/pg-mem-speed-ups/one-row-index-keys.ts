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
 * The tree's nodes then hold even less: a key's single row is kept as the row itself (its id is
 * read back from the row, under pg-mem's id symbol), and a key of one text or number as that value,
 * not the one-element array pg-mem built. Per row of a primary key that leaves the tree node (72
 * bytes) of the 168 a node, its key array (56) and a `OneRow` (40) took (heap snapshot of a
 * 200,000-payment run: 133.5 MB live before, 114.4 after). pg-mem still sees arrays and `OneRow`s:
 * its index reaches the tree only through `bin(t)`, which hands out a view that shows each node's
 * key and rows as pg-mem made them (index-tree-view.ts); the tree's own comparisons go through the
 * index's `compare`, which reads a bare key as its one-element array.
 *
 * `installOneRowIndexKeys` reaches pg-mem's index class and the rows' id symbol through a
 * throwaway database (they are not exported) and changes the index's `bin`, `setBin` and
 * `compare`. If pg-mem is not shaped as expected it changes nothing.
 */
import { newDb } from 'pg-mem';
import { type NodeForm, type RawTree, TreeView } from './index-tree-view.js';

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
    readonly id: string,
    readonly row: object,
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

interface IndexPrototype {
  bin(this: object, t: unknown): unknown;
  setBin(this: object, t: unknown, tree: unknown): unknown;
  compare(this: object, a: unknown, b: unknown): number;
}

let installed = false;
/** An empty immutable Map (pg-mem's own kind): what a second row, or deleting the one row, turns a key's rows into. */
let empty: KeyRows | undefined;
/** The symbol under which pg-mem keeps a row's hidden id (the id a key's rows are keyed by). */
let idSymbol: symbol | undefined;

function emptyRows(): KeyRows {
  if (empty === undefined) throw new Error('one-row index keys: used before they were installed');
  return empty;
}

/** A key of one text or number: the only kind kept bare (an array never is, nor null). */
function isBareKey(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/** A row pg-mem stored (it carries its hidden id): how a node holds a key's single row. */
function isBareRow(value: unknown): value is Record<symbol, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[idSymbol as symbol] === 'string'
  );
}

/** How tree nodes hold keys and rows: bare where they can, as pg-mem made them otherwise. */
export const BARE_NODES: NodeForm = {
  storedKey: (key) => (Array.isArray(key) && key.length === 1 && isBareKey(key[0]) ? key[0] : key),
  shownKey: (stored) => (isBareKey(stored) ? [stored] : stored),
  storedRows(rows) {
    let one: OneRow | undefined;
    if (rows instanceof OneRow) one = rows;
    else if (isOneRowMap(rows)) {
      const [id, row] = (rows as KeyRows).entries().next().value as [string, object];
      one = new OneRow(id, row);
    }
    if (one === undefined) return rows;
    // Bare only when the row's own id is the one it is kept under (always, for pg-mem's index).
    return (one.row as Record<symbol, unknown>)[idSymbol as symbol] === one.id ? one.row : one;
  },
  shownRows: (stored) =>
    isBareRow(stored)
      ? new OneRow((stored as Record<symbol, string>)[idSymbol as symbol] as string, stored)
      : stored,
};

/** Makes every pg-mem index keep a key's single row, and a one-value key, bare; answers whether it could. */
export function installOneRowIndexKeys(): boolean {
  if (installed) return true;
  const found = findClasses();
  if (found === undefined) return false;
  const { index } = found;
  empty = found.empty;
  idSymbol = found.idSymbol;
  const { bin, setBin, compare } = index;
  index.bin = function binView(t) {
    const tree = bin.call(this, t);
    return tree === undefined || tree === null ? tree : new TreeView(tree as RawTree, BARE_NODES);
  };
  index.setBin = function setRawBin(t, tree) {
    return setBin.call(this, t, tree instanceof TreeView ? tree.raw : tree);
  };
  // The tree compares pg-mem's keys with its nodes' keys, bare or not: a bare one is read as its one-element key.
  const left: unknown[] = [undefined];
  const right: unknown[] = [undefined];
  index.compare = function compareBare(a, b) {
    let x = a;
    let y = b;
    if (isBareKey(a)) {
      left[0] = a;
      x = left;
    }
    if (isBareKey(b)) {
      right[0] = b;
      y = right;
    }
    return compare.call(this, x, y);
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

/** pg-mem's index class, an empty immutable Map and the rows' id symbol, from a throwaway database. */
function findClasses(): { index: IndexPrototype; empty: KeyRows; idSymbol: symbol } | undefined {
  try {
    const db = newDb();
    db.public.none(
      'CREATE TABLE one_row_probe (id integer PRIMARY KEY); INSERT INTO one_row_probe VALUES (1)',
    );
    const table = db.public.getTable('one_row_probe') as unknown as {
      indexByHashAndName: Map<string, Map<string, { index: object }>>;
    };
    const index = [...table.indexByHashAndName.values()][0]?.values().next().value?.index as
      | IndexPrototype
      | undefined;
    if (index === undefined) return undefined;
    const tree = index.bin((db as unknown as { data: unknown }).data) as RawTree;
    const rows = tree.begin.value;
    if (!tree.begin.valid || !isOneRowMap(rows) || !isBareKey((tree.begin.key as unknown[])[0]))
      return undefined;
    const [id, row] = (rows as KeyRows).entries().next().value as [string, Record<symbol, unknown>];
    const symbol = Object.getOwnPropertySymbols(row).find((key) => row[key] === id);
    const indexPrototype = Object.getPrototypeOf(index) as IndexPrototype;
    const shaped = ['bin', 'setBin', 'compare', 'add'].every(
      (name) => typeof (indexPrototype as unknown as Record<string, unknown>)[name] === 'function',
    );
    if (!shaped || symbol === undefined || typeof tree.insert !== 'function') return undefined;
    return { index: indexPrototype, empty: (rows as KeyRows).delete(id), idSymbol: symbol };
  } catch {
    return undefined;
  }
}
