/**
 * A table's rows kept as `HashOrderedRows` answer what pg-mem's table asks exactly as the
 * immutable.js Map they replace: the same values in the same order after any sequence of sets and
 * deletes (keys whose whole hashes collide included), the same sizes and lookups; and pg-mem's
 * sequential scans still return rows in the order of that Map, through deletes, updates, a
 * rollback to a backup, a truncate and the key used again.
 */
import fc from 'fast-check';
import { hash, Map as ImmutableMap } from 'immutable';
import { newDb } from 'pg-mem';
import { describe, expect, it } from 'vitest';
import {
  HashOrderedRows,
  installHashOrderedRows,
  type RowMap,
} from '../../../../src/components/postgres/pg-mem-speed-ups/hash-ordered-rows.js';
import { immutableStringHash } from '../../../../src/components/postgres/pg-mem-speed-ups/immutable-hash-order.js';

const SEED = 20261204;

/** pg-mem's row id symbol, read off a row it stored. */
function idSymbol(): symbol {
  const db = newDb();
  db.public.none('CREATE TABLE id_probe (n integer); INSERT INTO id_probe VALUES (1)');
  const table = db.public.getTable('id_probe') as unknown as { bin(t: unknown): RowMap };
  const row = table
    .bin((db as unknown as { data: unknown }).data)
    .values()
    .next().value as object;
  const symbol = Object.getOwnPropertySymbols(row).find((each) => each.description === '_id');
  if (symbol === undefined) throw new Error('no id symbol');
  return symbol;
}

/** Table ids, and ids whose hashes all collide (the JVM hash of "Aa" is that of "BB"). */
const KEYS = [
  ...Array.from({ length: 400 }, (_, n) => `t_${n}`),
  ...Array.from({ length: 16 }, (_, n) =>
    Array.from({ length: 4 }, (_, bit) => ((n >> bit) & 1 ? 'Aa' : 'BB')).join(''),
  ).map((tail) => `t_${tail}`),
];

type Op =
  | { readonly kind: 'set'; readonly key: number; readonly row: boolean }
  | { readonly kind: 'same'; readonly key: number }
  | { readonly kind: 'delete'; readonly key: number };

/** Mostly one of the colliding keys, so that groups of equal hashes grow and shrink. */
const key = fc.oneof(
  { weight: 1, arbitrary: fc.nat(399) },
  { weight: 2, arbitrary: fc.integer({ min: 400, max: KEYS.length - 1 }) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, row: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('same' as const), key }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
);

/** What can be seen of a map: its entries in order (values by identity) and its size. */
function seen(map: RowMap, values: Map<unknown, number>): string {
  const order = [...map.entries()].map(([key, value]) => `${String(key)}=${values.get(value) ?? '?'}`);
  return `${map.size}:${order.join(',')}`;
}

describe('hash-ordered rows', () => {
  it('installs on this pg-mem, and a table of more than 8 rows then keeps them as HashOrderedRows', () => {
    expect(installHashOrderedRows()).toBe(true);
    const db = newDb();
    db.public.none('CREATE TABLE h (k text PRIMARY KEY)');
    const table = db.public.getTable('h') as unknown as { bin(t: unknown): unknown };
    const rows = (): unknown => table.bin((db as unknown as { data: unknown }).data);
    const kinds: boolean[] = [];
    for (let n = 0; n < 10; n++) {
      db.public.none(`INSERT INTO h VALUES ('k${n}')`);
      kinds.push(rows() instanceof HashOrderedRows);
    }
    expect(kinds).toEqual([false, false, false, false, false, false, false, false, true, true]);
    db.public.none('DELETE FROM h');
    expect(rows() instanceof HashOrderedRows).toBe(false); // empty: immutable.js's empty Map again
  });

  it('hashes strings as immutable.js does', () => {
    const texts = [...KEYS, '', 'payments_1000000', 'a much longer key than sixteen characters', 'é€😀'];
    expect(texts.map(immutableStringHash)).toEqual(texts.map((text) => hash(text)));
  });

  it('iterates, sizes and answers lookups as the immutable Map after any sets and deletes (pinned seed)', () => {
    installHashOrderedRows();
    const id = idSymbol();
    let collisionsDeleted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 9, max: 200 }),
        fc.array(op, { minLength: 1, maxLength: 300, size: 'max' }),
        (start, ops) => {
          const values = new Map<unknown, number>();
          let made = 0;
          const valueFor = (key: string, row: boolean): unknown => {
            const value = row ? { [id]: key, n: made } : { n: made };
            values.set(value, made++);
            return value;
          };
          let theirs: RowMap = ImmutableMap<unknown, unknown>() as unknown as RowMap;
          for (let n = 0; n < start; n++) {
            const key = KEYS[(n * 37) % KEYS.length] as string;
            theirs = theirs.set(key, valueFor(key, true));
          }
          let ours = HashOrderedRows.from(theirs) as RowMap;
          expect(ours).toBeInstanceOf(HashOrderedRows);
          for (const step of ops) {
            const key = KEYS[step.key] as string;
            if (step.kind === 'delete') {
              const group = [...theirs.keys()].filter((each) => /^t_[AB]/.test(String(each)));
              if (group.length >= 3 && group.at(-1) !== key && group.includes(key)) collisionsDeleted++;
              theirs = theirs.delete(key);
              ours = ours.delete(key);
            } else if (step.kind === 'same') {
              const value = theirs.get(key) ?? valueFor(key, true);
              theirs = theirs.set(key, value);
              ours = ours.set(key, value);
            } else {
              const value = valueFor(key, step.row);
              theirs = theirs.set(key, value);
              ours = ours.set(key, value);
            }
            expect(seen(ours, values)).toBe(seen(theirs, values));
            expect([ours.has(key), ours.get(key), ours.get('nope', 'none')]).toEqual([
              theirs.has(key),
              theirs.get(key),
              'none',
            ]);
          }
          const mapped = (map: RowMap): RowMap => map.map((value, key) => ({ [id]: key, of: value }));
          const mappedOrder = (map: RowMap): string[] => [...map.keys()].map(String);
          expect(mappedOrder(mapped(ours))).toEqual(mappedOrder(mapped(theirs)));
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
    // Keys were removed from within groups of 3 or more equal hashes, or the swap rule is untested.
    expect(collisionsDeleted).toBeGreaterThan(50);
  });

  it('agrees with the Map while growing to thousands of rows and shrinking back to none (branches split and empty)', () => {
    installHashOrderedRows();
    const id = idSymbol();
    const ids = Array.from({ length: 3000 }, (_, n) => `big_${(n * 7919) % 3000}`);
    let theirs: RowMap = ImmutableMap<unknown, unknown>() as unknown as RowMap;
    let ours: RowMap | undefined;
    const order = (map: RowMap): string => [...map.entries()].map(([key]) => String(key)).join();
    for (const [n, key] of ids.entries()) {
      theirs = theirs.set(key, { [id]: key });
      ours = ours === undefined ? HashOrderedRows.from(theirs) : ours.set(key, theirs.get(key));
      if (n % 250 === 249) expect(ours && order(ours)).toBe(order(theirs));
    }
    // Removed in another order than added: leaves empty out here and there.
    for (const [n, key] of [...ids].sort().entries()) {
      theirs = theirs.delete(key);
      ours = (ours as RowMap).delete(key);
      if (n % 250 === 249 || n > 2990) expect([ours.size, order(ours)]).toEqual([theirs.size, order(theirs)]);
    }
    expect(ours).toBe(theirs); // immutable.js's own empty Map
  });

  it('keeps the order of every sequential scan pg-mem returns, through changes and a rollback', () => {
    installHashOrderedRows();
    const db = newDb();
    db.public.none('CREATE TABLE s (id text PRIMARY KEY, n integer)');
    // What pg-mem would scan in: its own Map of row ids, built the same way.
    let expected = ImmutableMap<string, string>();
    let rowIds = 0; // pg-mem takes a row id for every row it tries to insert, failed or skipped
    const insert = (n: number): void => {
      db.public.none(`INSERT INTO s VALUES ('k${n}', ${n})`);
      expected = expected.set(`s_${rowIds++}`, `k${n}`);
    };
    const scan = (): string[] => db.public.many('SELECT id FROM s').map((row) => row['id'] as string);
    for (let n = 0; n < 300; n++) insert(n);
    expect(scan()).toEqual([...expected.values()]);
    const backup = db.backup();
    const expectedAtBackup = expected;
    db.public.none("DELETE FROM s WHERE n < 100 OR id = 'k150'");
    expected = expected.filter((key) => Number(key.slice(1)) >= 100 && key !== 'k150');
    db.public.none('UPDATE s SET n = n + 1000 WHERE n >= 200');
    expect(scan()).toEqual([...expected.values()]);
    expect(() => db.public.none("INSERT INTO s VALUES ('k101', 1)")).toThrow(/duplicate key/);
    db.public.none("INSERT INTO s VALUES ('k101', 9) ON CONFLICT (id) DO NOTHING");
    rowIds += 2;
    insert(300);
    insert(7);
    insert(150);
    expect(scan()).toEqual([...expected.values()]);
    backup.restore();
    expect(scan()).toEqual([...expectedAtBackup.values()]);
    expect(db.public.many("SELECT n FROM s WHERE id = 'k250'")).toEqual([{ n: 250 }]);
    db.public.none('TRUNCATE s');
    expect(scan()).toEqual([]);
  });
});
