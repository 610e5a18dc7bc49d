/**
 * A persistent B-tree of row entries (row-entries.ts) in immutable.js's hash order
 * (immutable-hash-order.ts): every change returns a new root and leaves the old tree as it was,
 * copying only the path to the change. Leaves are plain arrays of entries; a group of entries of
 * equal order (keys whose whole hashes are equal) is never split between leaves, and keeps the
 * order and removal rule of immutable.js's collision nodes.
 */
import { type Entry, entryKey, entryValue, orderOf } from './row-entries.js';

/** Rows per leaf and children per branch before it splits (a leaf copy per insert stays small). */
const WIDTH_MAX = 32;

export type Leaf = Entry[];
/** `kids[i + 1]` holds the entries of order `seps[i]` and above, below `seps[i + 1]`. */
export class Branch {
  constructor(
    readonly seps: number[],
    readonly kids: Node[],
  ) {}
}
export type Node = Leaf | Branch;

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
export interface Split {
  readonly left: Node;
  readonly sep: number;
  readonly right: Node;
}
type Grown = Node | Split;

export function isSplit(grown: Grown): grown is Split {
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
export interface Change {
  added: boolean;
}

export function setIn(node: Node, order: number, entry: Entry, change: Change): Grown {
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
export function deleteIn(node: Node, order: number, key: string): Node {
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

export function findIn(node: Node, order: number, key: string): Entry | undefined {
  let at = node;
  while (at instanceof Branch) at = at.kids[childFor(at, order)] as Node;
  const start = boundIn(at, order);
  const end = groupEnd(at, start, order);
  for (let index = start; index < end; index++) {
    if (entryKey(at[index] as Entry) === key) return at[index];
  }
  return undefined;
}

export function* entriesIn(node: Node): Generator<Entry, void, undefined> {
  if (node instanceof Branch) {
    for (const kid of node.kids) yield* entriesIn(kid);
  } else {
    yield* node;
  }
}

export function mapIn(node: Node, mapper: (entry: Entry) => Entry): Node {
  if (node instanceof Branch)
    return new Branch(
      node.seps,
      node.kids.map((kid) => mapIn(kid, mapper)),
    );
  return node.map(mapper);
}

/** Builds the tree over entries already in iteration order, leaves and branches three-quarters full. */
export function build(entries: readonly Entry[]): Node {
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
