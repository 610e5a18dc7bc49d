/**
 * A pg-mem memory saving: like the speed-ups beside it, it must not change any answer, only what
 * pg-mem keeps to give it.
 *
 * pg-mem (3.0.14) builds each inserted row as an empty object literal and adds the columns one by
 * one, then its hidden id (a symbol) and the defaulted columns. V8 gives an empty literal room for
 * 4 properties in the object itself: the service's `payments` row has 6, so each row also carries
 * a separate property array, 24 bytes more than the 72 of an object that holds all 6 itself
 * (measured in a heap snapshot). An object made by a constructor gets as much room as its first
 * few instances needed (V8's slack tracking), so `installInObjectRows` hands pg-mem's table, as it
 * inserts a row (`doInsert`), a copy of the row made by a constructor of that table's own, with
 * the same properties in the same order. The constructor's `prototype` is `Object.prototype`: the
 * copy's prototype and `constructor` are a literal's, so nothing can tell the two apart but the
 * heap. It relies on pg-mem's insert using the row `doInsert` returns, not the object it passed
 * (3.0.14's Insert and `MemoryTable.insert` do).
 *
 * If pg-mem's table class is not shaped as expected it changes nothing.
 */
import { newDb } from 'pg-mem';

interface TablePrototype {
  doInsert(this: object, t: unknown, toInsert: unknown, opts?: unknown): unknown;
}

type RowMaker = new () => Record<PropertyKey, unknown>;

/** One constructor per table: V8 sizes a constructor's objects by its first instances, so by that table's rows. */
const makers = new WeakMap<object, RowMaker>();

function rowMaker(): RowMaker {
  function PgMemRow(): void {}
  PgMemRow.prototype = Object.prototype;
  return PgMemRow as unknown as RowMaker;
}

/** `row` as an object of its table's constructor, properties in the same order; anything unusual as it is. */
export function inObjectRow(table: object, row: unknown): unknown {
  if (typeof row !== 'object' || row === null || Object.getPrototypeOf(row) !== Object.prototype) return row;
  let maker = makers.get(table);
  if (maker === undefined) {
    maker = rowMaker();
    makers.set(table, maker);
  }
  const source = row as Record<string, unknown>;
  const keys = Object.keys(source);
  // Symbols, or properties that are not enumerable: kept as pg-mem made them.
  if (
    Object.getOwnPropertyNames(source).length !== keys.length ||
    Object.getOwnPropertySymbols(source).length > 0
  )
    return row;
  const copy = new maker();
  for (const key of keys) copy[key] = source[key];
  return copy;
}

let installed = false;

/** Makes every pg-mem table store the rows it inserts as `inObjectRow` copies; answers whether it could. */
export function installInObjectRows(): boolean {
  if (installed) return true;
  const table = findTable();
  if (table === undefined) return false;
  const doInsert = table.doInsert;
  table.doInsert = function doInsertInObject(t, toInsert, opts) {
    return doInsert.call(this, t, inObjectRow(this, toInsert), opts);
  };
  installed = true;
  return true;
}

/** pg-mem's table class, from a throwaway table, if an insert returns the row it stored. */
function findTable(): TablePrototype | undefined {
  try {
    const db = newDb();
    db.public.none('CREATE TABLE in_object_probe (n integer)');
    const table = db.public.getTable('in_object_probe') as unknown as TablePrototype;
    const prototype = Object.getPrototypeOf(table) as TablePrototype;
    if (typeof prototype.doInsert !== 'function') return undefined;
    const inserted = db.public.many('INSERT INTO in_object_probe VALUES (7) RETURNING n');
    return inserted.length === 1 && inserted[0]?.['n'] === 7 ? prototype : undefined;
  } catch {
    return undefined;
  }
}
