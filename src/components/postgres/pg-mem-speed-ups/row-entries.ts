/**
 * What the hash-ordered B-tree (hash-ordered-tree.ts) holds: pg-mem's rows themselves, whose key
 * is their hidden id (read back from the row under pg-mem's private id symbol), so that a stored
 * row costs the tree one array slot. Any other value (pg-mem's table never stores one) is wrapped
 * with its key in a `Keyed`.
 */
import { hamtOrder, immutableStringHash } from './immutable-hash-order.js';

/** An entry whose value is not a row carrying its key as its id (never made by pg-mem's table). */
class Keyed {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}
}

/** A row (its key is its id) or a `Keyed`. */
export type Entry = object;

/** The id symbol pg-mem puts on rows: set by hash-ordered-rows.ts's install, undefined before. */
let idSymbol: symbol | undefined;

/** Sets (or, with undefined, forgets) the symbol under which pg-mem keeps a row's id. */
export function useRowIdSymbol(symbol: symbol | undefined): void {
  idSymbol = symbol;
}

/** Whether the id symbol is known (entries can be made). */
export function rowIdSymbolKnown(): boolean {
  return idSymbol !== undefined;
}

export function entryKey(entry: Entry): string {
  // A row first: a Keyed has no id symbol (and no row is a Keyed).
  const id = (entry as Record<symbol, unknown>)[idSymbol as symbol];
  return typeof id === 'string' ? id : (entry as Keyed).key;
}

export function entryValue(entry: Entry): unknown {
  return entry instanceof Keyed ? entry.value : entry;
}

export function orderOf(entry: Entry): number {
  return hamtOrder(immutableStringHash(entryKey(entry)));
}

export function entryOf(key: string, value: unknown): Entry {
  const isRow =
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Keyed) &&
    (value as Record<symbol, unknown>)[idSymbol as symbol] === key;
  return isRow ? (value as Entry) : new Keyed(key, value);
}
