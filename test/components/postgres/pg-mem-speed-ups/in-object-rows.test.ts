/**
 * Rows pg-mem inserts are copies made by a constructor of their table's own: indistinguishable
 * from the object literal pg-mem made (same prototype, constructor, keys and values, in the same
 * order), and pg-mem answers as before: RETURNING, defaults, ON CONFLICT, unique violations,
 * updates and a rollback. Which object layout V8 chose is not observable from JavaScript; the
 * retained-bytes test (pg-mem-row-bytes.test.ts) shows the saving.
 */
import { newDb } from 'pg-mem';
import { describe, expect, it } from 'vitest';
import {
  inObjectRow,
  installInObjectRows,
} from '../../../../src/components/postgres/pg-mem-speed-ups/in-object-rows.js';

describe('in-object rows', () => {
  it('copies a row literal into an object no different to JavaScript', () => {
    const table = {};
    const literal: Record<string, unknown> = {};
    literal['b'] = 2;
    literal['a'] = new Date(5);
    literal['c'] = null;
    const copy = inObjectRow(table, literal) as Record<string, unknown>;
    expect(copy).not.toBe(literal);
    expect([Object.getPrototypeOf(copy), copy.constructor, Object.keys(copy), JSON.stringify(copy)]).toEqual([
      Object.prototype,
      Object,
      ['b', 'a', 'c'],
      JSON.stringify(literal),
    ]);
    expect(copy['a']).toBe(literal['a']);
    expect(copy).toStrictEqual(literal);
  });

  it('leaves alone what is not a plain row literal', () => {
    const withSymbol = { a: 1, [Symbol('x')]: 2 };
    const hidden = Object.defineProperty({ a: 1 }, 'b', { value: 2, enumerable: false });
    const array = [1];
    const made = Object.create({ inherited: 1 }) as object;
    for (const odd of [withSymbol, hidden, array, made, null, 'text']) expect(inObjectRow({}, odd)).toBe(odd);
  });

  it('keeps every answer pg-mem gives for inserted rows', () => {
    expect(installInObjectRows()).toBe(true);
    const db = newDb();
    db.public.none(
      'CREATE TABLE r (id text PRIMARY KEY, n integer NOT NULL, note text, s serial, at timestamptz DEFAULT now())',
    );
    const returned = db.public.many(
      "INSERT INTO r (id, n, note) VALUES ('a', 1, 'x'), ('b', 2, null) RETURNING id, n, note, s",
    );
    expect(returned).toEqual([
      { id: 'a', n: 1, note: 'x', s: 1 },
      { id: 'b', n: 2, note: null, s: 2 },
    ]);
    expect(() => db.public.none("INSERT INTO r (id, n) VALUES ('a', 3)")).toThrow(/duplicate key/);
    expect(() => db.public.none("INSERT INTO r (id) VALUES ('c')")).toThrow(/null value|not-null|NOT NULL/i);
    expect(
      db.public.many(
        "INSERT INTO r (id, n) VALUES ('a', 9) ON CONFLICT (id) DO UPDATE SET n = 10 RETURNING n",
      ),
    ).toEqual([{ n: 10 }]);
    const backup = db.backup();
    db.public.none("UPDATE r SET note = 'y' WHERE id = 'b'; DELETE FROM r WHERE id = 'a'");
    expect(db.public.many('SELECT id, n, note FROM r')).toEqual([{ id: 'b', n: 2, note: 'y' }]);
    backup.restore();
    expect(db.public.many('SELECT id, n, note, s, at IS NOT NULL AS dated FROM r ORDER BY id')).toEqual([
      { id: 'a', n: 10, note: 'x', s: 1, dated: true },
      { id: 'b', n: 2, note: null, s: 2, dated: true },
    ]);
    const table = db.public.getTable('r') as unknown as { find(template?: object): unknown[] };
    expect(table.find({ id: 'b' })).toEqual([expect.objectContaining({ id: 'b', n: 2, note: null, s: 2 })]);
  });
});
