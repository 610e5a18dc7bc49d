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
 */
import { newDb } from 'pg-mem';

/** Rows per leaf and children per branch before it splits (a leaf copy per insert stays small). */
const WIDTH_MAX = 32;
/** immutable.js's Map is an array, in insertion order, up to this many entries. */
const ARRAY_MAP_SIZE_MAX = 8;

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

/** immutable.js's hash of a string: the JVM's string hash folded into a small integer (its `smi`). */
export function immutableStringHash(text: string): number {
  let hashed = 0;
  for (let index = 0; index < text.length; index++) {
    hashed = (31 * hashed + text.charCodeAt(index)) | 0;
  }
  return ((hashed >>> 1) & 0x40000000) | (hashed & 0xbfffffff);
}

/** Where a key of this hash comes in a trie's iteration: its 5-bit chunks, lowest first, as one number. */
export function hamtOrder(hash: number): number {
  const low =
    ((hash & 31) << 25) |
    (((hash >>> 5) & 31) << 20) |
    (((hash >>> 10) & 31) << 15) |
    (((hash >>> 15) & 31) << 10) |
    (((hash >>> 20) & 31) << 5) |
    ((hash >>> 25) & 31);
  return low * 4 + (hash >>> 30);
}

/** An entry whose value is not a row carrying its key as its id (never made by pg-mem's table). */
class Keyed {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}
}

/** A row (its key is its id) or a `Keyed`. */
type Entry = object;
type Leaf = Entry[];
/** `kids[i + 1]` holds the entries of order `seps[i]` and above, below `seps[i + 1]`. */
class Branch {
  constructor(
    readonly seps: number[],
    readonly kids: Node[],
  ) {}
}
type Node = Leaf | Branch;

/** The id symbol pg-mem puts on rows, and its empty Map: set by install. */
let idSymbol: symbol | undefined;
let emptyMap: RowMap | undefined;

function entryKey(entry: Entry): string {
  // A row first: a Keyed has no id symbol (and no row is a Keyed).
  const id = (entry as Record<symbol, unknown>)[idSymbol as symbol];
  return typeof id === 'string' ? id : (entry as Keyed).key;
}

function entryValue(entry: Entry): unknown {
  return entry instanceof Keyed ? entry.value : entry;
}

function orderOf(entry: Entry): number {
  return hamtOrder(immutableStringHash(entryKey(entry)));
}

function entryOf(key: string, value: unknown): Entry {
  const isRow =
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Keyed) &&
    (value as Record<symbol, unknown>)[idSymbol as symbol] === key;
  return isRow ? (value as Entry) : new Keyed(key, value);
}

/** The first index in `leaf` whose entry's order is `order` or above. */
function boundIn(leaf: Leaf, order: number): number {
  let low = 0;
  let high = leaf.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (orderOf(leaf[middle] as Entry) >= order) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The index after the group of entries of `order` that starts at `start` (a group is one entry or none, mostly). */
function groupEnd(leaf: Leaf, start: number, order: number): number {
  let end = start;
  while (end < leaf.length && orderOf(leaf[end] as Entry) === order) end++;
  return end;
}

/** The child of `branch` that holds `order`. */
function childFor(branch: Branch, order: number): number {
  const { seps } = branch;
  let low = 0;
  let high = seps.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((seps[middle] as number) <= order) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A copy of `items` with `count` items at `index` replaced by `inserted` (exact length, no slack). */
function spliced<T>(items: readonly T[], index: number, count: number, ...inserted: T[]): T[] {
  const out = new Array<T>(items.length - count + inserted.length);
  let to = 0;
  for (let from = 0; from < index; from++) out[to++] = items[from] as T;
  for (const item of inserted) out[to++] = item;
  for (let from = index + count; from < items.length; from++) out[to++] = items[from] as T;
  return out;
}

/** Where to split a leaf: near its middle, never between two entries of the same order; 0 if nowhere. */
function leafSplit(leaf: Leaf): number {
  const orders = leaf.map(orderOf);
  const middle = leaf.length >> 1;
  for (let step = 0; step < leaf.length; step++) {
    for (const at of [middle + step, middle - step]) {
      if (at > 0 && at < leaf.length && orders[at] !== orders[at - 1]) return at;
    }
  }
  return 0;
}

/** A node, or the two halves it split into and the order where the second starts. */
interface Split {
  readonly left: Node;
  readonly sep: number;
  readonly right: Node;
}
type Grown = Node | Split;

function isSplit(grown: Grown): grown is Split {
  return !Array.isArray(grown) && !(grown instanceof Branch);
}

function splitLeaf(leaf: Leaf): Grown {
  const at = leaf.length > WIDTH_MAX ? leafSplit(leaf) : 0;
  if (at === 0) return leaf;
  return { left: leaf.slice(0, at), sep: orderOf(leaf[at] as Entry), right: leaf.slice(at) };
}

function splitBranch(branch: Branch): Grown {
  const { seps, kids } = branch;
  if (kids.length <= WIDTH_MAX) return branch;
  const at = kids.length >> 1;
  return {
    left: new Branch(seps.slice(0, at - 1), kids.slice(0, at)),
    sep: seps[at - 1] as number,
    right: new Branch(seps.slice(at), kids.slice(at)),
  };
}

/** What a change did below a node: the node unchanged, changed, or (sets) grown by one entry. */
interface Change {
  added: boolean;
}

function setIn(node: Node, order: number, entry: Entry, change: Change): Grown {
  if (node instanceof Branch) {
    const at = childFor(node, order);
    const kid = node.kids[at] as Node;
    const grown = setIn(kid, order, entry, change);
    if (grown === kid) return node;
    if (!isSplit(grown)) return new Branch(node.seps, spliced(node.kids, at, 1, grown));
    return splitBranch(
      new Branch(spliced(node.seps, at, 0, grown.sep), spliced(node.kids, at, 1, grown.left, grown.right)),
    );
  }
  const key = entryKey(entry);
  const start = boundIn(node, order);
  const end = groupEnd(node, start, order);
  for (let index = start; index < end; index++) {
    const old = node[index] as Entry;
    if (entryKey(old) !== key) continue;
    return entryValue(old) === entryValue(entry) ? node : spliced(node, index, 1, entry);
  }
  change.added = true;
  return splitLeaf(spliced(node, end, 0, entry));
}

/** `node` without the entry of `key`, the same node if it has none; an empty node is removed by its parent. */
function deleteIn(node: Node, order: number, key: string): Node {
  if (node instanceof Branch) {
    const at = childFor(node, order);
    const kid = node.kids[at] as Node;
    const smaller = deleteIn(kid, order, key);
    if (smaller === kid) return node;
    if (!isEmpty(smaller)) return new Branch(node.seps, spliced(node.kids, at, 1, smaller));
    if (node.kids.length === 1) return new Branch([], []);
    return new Branch(spliced(node.seps, at === 0 ? 0 : at - 1, 1), spliced(node.kids, at, 1));
  }
  const start = boundIn(node, order);
  const end = groupEnd(node, start, order);
  for (let index = start; index < end; index++) {
    if (entryKey(node[index] as Entry) !== key) continue;
    // A collision node's removal: the group's last entry takes the removed one's place.
    if (index === end - 1) return spliced(node, index, 1);
    return spliced(spliced(node, index, 1, node[end - 1] as Entry), end - 1, 1);
  }
  return node;
}

function isEmpty(node: Node): boolean {
  return node instanceof Branch ? node.kids.length === 0 : node.length === 0;
}

function findIn(node: Node, order: number, key: string): Entry | undefined {
  let at = node;
  while (at instanceof Branch) at = at.kids[childFor(at, order)] as Node;
  const start = boundIn(at, order);
  const end = groupEnd(at, start, order);
  for (let index = start; index < end; index++) {
    if (entryKey(at[index] as Entry) === key) return at[index];
  }
  return undefined;
}

function* entriesIn(node: Node): Generator<Entry, void, undefined> {
  if (node instanceof Branch) {
    for (const kid of node.kids) yield* entriesIn(kid);
  } else {
    yield* node;
  }
}

function mapIn(node: Node, mapper: (entry: Entry) => Entry): Node {
  if (node instanceof Branch)
    return new Branch(
      node.seps,
      node.kids.map((kid) => mapIn(kid, mapper)),
    );
  return node.map(mapper);
}

/** Builds the tree over entries already in iteration order, leaves and branches three-quarters full. */
function build(entries: readonly Entry[]): Node {
  const fill = (WIDTH_MAX * 3) >> 2;
  const leaves: Leaf[] = [];
  let leaf: Leaf = [];
  for (const [index, entry] of entries.entries()) {
    const sameOrder = index > 0 && orderOf(entries[index - 1] as Entry) === orderOf(entry);
    if (leaf.length >= fill && !sameOrder) {
      leaves.push(leaf);
      leaf = [];
    }
    leaf.push(entry);
  }
  leaves.push(leaf);
  let level: Node[] = leaves;
  let lows = leaves.map((each) => orderOf(each[0] as Entry));
  while (level.length > 1) {
    const up: Node[] = [];
    const upLows: number[] = [];
    for (let start = 0; start < level.length; start += fill) {
      up.push(new Branch(lows.slice(start + 1, start + fill), level.slice(start, start + fill)));
      upLows.push(lows[start] as number);
    }
    level = up;
    lows = upLows;
  }
  return level[0] as Node;
}

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
    if (idSymbol === undefined || map.size <= ARRAY_MAP_SIZE_MAX) return undefined;
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
    idSymbol = symbol;
    emptyMap = rows.clear();
    const same = HashOrderedRows.from(rows);
    const order = (map: RowMap): string => JSON.stringify([...map.entries()].map(([key]) => key));
    if (same === undefined || order(same) !== order(rows) || emptyMap.size !== 0) {
      idSymbol = undefined;
      emptyMap = undefined;
      return undefined;
    }
    return { table: prototype };
  } catch {
    idSymbol = undefined;
    emptyMap = undefined;
    return undefined;
  }
}
