/**
 * What pg-mem keeps per stored row, in bytes of heap retained after a full garbage collection
 * (nothing here is timed): the table's rows as `HashOrderedRows` against the immutable.js Map they
 * replace, rows copied by `inObjectRow` against the literals pg-mem makes, and a whole `payments`
 * table (the service's schema) filled through pg-mem. Measured on Node 20 (64-bit, no pointer
 * compression, 100,000 rows): Map about 160 B a row, HashOrderedRows about 13; a literal row of 6
 * properties 96, its copy 72; a payments row about 460 all told (row, its created_at Date, hidden
 * id, charge id and key strings, the rows B-tree and the primary-key index), 625 before these two
 * savings; about 357 since the primary key's tree nodes hold its key and row bare
 * (one-row-index-keys.ts), whose index then costs about 77 B a row against 168.
 */
import { Map as ImmutableMap } from 'immutable';
import { newDb } from 'pg-mem';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PAYMENTS_TABLE_SQL } from '../../../../src/components/payment-records.js';
import {
  HashOrderedRows,
  installHashOrderedRows,
  type RowMap,
} from '../../../../src/components/postgres/pg-mem-speed-ups/hash-ordered-rows.js';
import {
  inObjectRow,
  installInObjectRows,
} from '../../../../src/components/postgres/pg-mem-speed-ups/in-object-rows.js';
import { installOneRowIndexKeys } from '../../../../src/components/postgres/pg-mem-speed-ups/one-row-index-keys.js';

/**
 * Enough rows that what else the heap gains while a measurement runs (the JIT's code and
 * feedback for the loop, a few hundred KB) is a few bytes a row: at 20,000 rows it moved a
 * measurement by up to 20 bytes a row, and failed a full test run once.
 */
const ROWS = 100_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes retained by what `make` returns, per row. */
function bytesPerRow(make: () => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  const after = process.memoryUsage().heapUsed;
  expect(kept).toBeDefined();
  return (after - before) / ROWS;
}

/**
 * The strings of every row, made before anything is measured: a measurement that made them too
 * would count them, and how V8 shares a number's text between measurements varies from one
 * process to the next (its number-to-string cache), which once turned a 24-byte difference
 * between two layouts into one of 1 byte in a full test run.
 */
const CHARGE_IDS = Array.from({ length: ROWS }, (_, n) => `ch_${n}`);
const ROW_IDS = Array.from({ length: ROWS }, (_, n) => `payments_${n}`);

/** A row as pg-mem makes one: an empty literal, its columns added one by one, then its hidden id. */
function literalRow(id: symbol, n: number): Record<PropertyKey, unknown> {
  const row: Record<PropertyKey, unknown> = {};
  row['charge_id'] = CHARGE_IDS[n];
  row['amount'] = n;
  row['currency'] = 'usd';
  row['idempotency_key'] = null;
  row[id] = ROW_IDS[n];
  row['created_at'] = null;
  return row;
}

describe('bytes pg-mem keeps per row', () => {
  it('HashOrderedRows keeps a table of rows in under a sixth of the bytes of the immutable Map (about a tenth)', () => {
    expect(installHashOrderedRows()).toBe(true);
    const db = newDb();
    db.public.none('CREATE TABLE bytes_probe (n integer); INSERT INTO bytes_probe VALUES (1)');
    const probe = db.public.getTable('bytes_probe') as unknown as { bin(t: unknown): RowMap };
    const first = probe
      .bin((db as unknown as { data: unknown }).data)
      .values()
      .next().value as object;
    const id = Object.getOwnPropertySymbols(first)[0] as symbol;
    const rows = Array.from({ length: ROWS }, (_, n) => literalRow(id, n));
    let map = ImmutableMap<unknown, unknown>() as unknown as RowMap;
    const mapBytes = bytesPerRow(() => {
      for (const row of rows) map = map.set(row[id], row);
      return map;
    });
    // Converted at 9 rows, as pg-mem's table converts it, then grown one row at a time.
    let ours = HashOrderedRows.from(ImmutableMap(rows.slice(0, 9).map((row) => [row[id], row]))) as RowMap;
    const treeBytes = bytesPerRow(() => {
      for (const row of rows) ours = ours.set(row[id], row);
      return ours;
    });
    expect([ours.size, [...ours.values()].length]).toEqual([ROWS, ROWS]);
    expect(mapBytes).toBeGreaterThan(120);
    expect(treeBytes).toBeLessThan(mapBytes / 6);
  });

  it('a row copied by inObjectRow is smaller than the literal pg-mem made', () => {
    const id = Symbol('_id');
    const literals = bytesPerRow(() => Array.from({ length: ROWS }, (_, n) => literalRow(id, n)));
    const table = {};
    const copies = bytesPerRow(() =>
      Array.from({ length: ROWS }, (_, n) => {
        const row = literalRow(id, n);
        delete row[id]; // pg-mem copies before the id is set
        const copy = inObjectRow(table, row) as Record<PropertyKey, unknown>;
        copy[id] = ROW_IDS[n];
        return copy;
      }),
    );
    // The same strings and numbers are in both: only the objects' layout differs (96 against 72).
    expect(literals - copies).toBeGreaterThan(16);
  });

  it("a text primary key's index keeps under 100 bytes a row (its tree node; 168 with the key array and OneRow)", () => {
    expect(installOneRowIndexKeys()).toBe(true);
    const perRow = (sql: string): number => {
      const db = newDb();
      db.public.none(sql);
      const insert = db.public.prepare('INSERT INTO keyed (k, n) VALUES ($1, $2)');
      return bytesPerRow(() => {
        for (let n = 0; n < ROWS; n++) insert.bind([CHARGE_IDS[n], n]).executeAll();
        return db;
      });
    };
    const withIndex = perRow('CREATE TABLE keyed (k text PRIMARY KEY, n integer)');
    const without = perRow('CREATE TABLE keyed (k text, n integer)');
    expect(withIndex - without).toBeLessThan(100);
  });

  it('a payments table keeps under 420 bytes a row in pg-mem', () => {
    // All three memory savings, as every database the simulator makes has them (pg-mem-instance.ts).
    expect([installOneRowIndexKeys(), installHashOrderedRows(), installInObjectRows()]).toEqual([
      true,
      true,
      true,
    ]);
    const db = newDb();
    db.public.none(PAYMENTS_TABLE_SQL);
    // Compiled before measuring: only the rows are counted.
    const insert = db.public.prepare(
      'INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ($1, $2, $3, $4)',
    );
    const perRow = bytesPerRow(() => {
      for (let n = 0; n < ROWS; n++) insert.bind([`ch_${n}`, 1000 + n, 'usd', `idem-${n}`]).executeAll();
      return db;
    });
    expect(db.public.many('SELECT count(*) AS n FROM payments')).toEqual([{ n: ROWS }]);
    expect(perRow).toBeLessThan(420);
  });
});
