/**
 * A key's single row kept as a `OneRow` answers what pg-mem's index asks as the one-entry
 * immutable Map it replaces, and pg-mem's answers through indexes stay what they were: unique
 * violations, ON CONFLICT, several rows under one key of a plain index (in the order they came),
 * rows deleted and the key used again, and a rollback to a backup.
 */
import { newDb } from 'pg-mem';
import { describe, expect, it } from 'vitest';
import {
  installOneRowIndexKeys,
  OneRow,
} from '../../../../src/components/postgres/pg-mem-speed-ups/one-row-index-keys.js';
import { TreeView } from '../../../../src/components/postgres/pg-mem-speed-ups/index-tree-view.js';

describe('one-row index keys', () => {
  it('installs on this pg-mem, and a primary key then holds each row as a OneRow', () => {
    expect(installOneRowIndexKeys()).toBe(true);
    const db = newDb();
    db.public.none("CREATE TABLE t (k text PRIMARY KEY); INSERT INTO t VALUES ('a'), ('b')");
    const table = db.public.getTable('t') as unknown as {
      indexByHashAndName: Map<string, Map<string, { index: { bin(t: unknown): { values: unknown[] } } }>>;
    };
    const index = [...table.indexByHashAndName.values()][0]?.values().next().value?.index;
    const values = index?.bin((db as unknown as { data: unknown }).data).values;
    expect(values?.map((value) => value instanceof OneRow)).toEqual([true, true]);
  });

  it("keeps a primary key's rows bare in the tree's nodes: the key's one text and the row itself", () => {
    installOneRowIndexKeys();
    const db = newDb();
    db.public.none("CREATE TABLE t (k text PRIMARY KEY, n integer); INSERT INTO t VALUES ('a', 1), ('b', 2)");
    const table = db.public.getTable('t') as unknown as {
      indexByHashAndName: Map<string, Map<string, { index: { bin(t: unknown): unknown } }>>;
    };
    const index = [...table.indexByHashAndName.values()][0]?.values().next().value?.index;
    const view = index?.bin((db as unknown as { data: unknown }).data);
    expect(view).toBeInstanceOf(TreeView);
    const nodes: Array<{ key: unknown; value: unknown }> = [];
    const visit = (node: { key: unknown; value: unknown; left: unknown; right: unknown } | null): void => {
      if (node === null) return;
      visit(node.left as typeof node);
      nodes.push(node);
      visit(node.right as typeof node);
    };
    visit((view as TreeView).raw.root as Parameters<typeof visit>[0]);
    expect(nodes.map(({ key, value }) => [key, (value as { n?: unknown }).n])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    // pg-mem still sees its one-element keys and a key's rows.
    expect((view as TreeView).keys).toEqual([['a'], ['b']]);
    expect(db.public.many("SELECT n FROM t WHERE k = 'b'")).toEqual([{ n: 2 }]);
    expect(db.public.many("SELECT k FROM t WHERE k > 'a'")).toEqual([{ k: 'b' }]);
  });

  it('answers has, size, values, set and delete as a one-entry Map would', () => {
    installOneRowIndexKeys();
    const first = { n: 1 };
    const second = { n: 2 };
    const one = new OneRow('t_0', first);
    expect([one.size, one.has('t_0'), one.has('t_1'), [...one.values()]]).toEqual([1, true, false, [first]]);
    expect(one.set('t_0', first)).toBe(one);
    expect([...one.set('t_0', second).values()]).toEqual([second]);
    const two = one.set('t_1', second);
    expect([two.size, [...two.values()], two.has('t_0'), two.has('t_1')]).toEqual([
      2,
      [first, second],
      true,
      true,
    ]);
    expect(one.delete('t_1')).toBe(one);
    expect(one.delete('t_0').size).toBe(0);
  });

  it('keeps every answer pg-mem gives through its indexes', () => {
    installOneRowIndexKeys();
    const db = newDb();
    db.public.none('CREATE TABLE p (id text PRIMARY KEY, n integer); CREATE INDEX p_n ON p (n)');
    db.public.none("INSERT INTO p VALUES ('a', 1), ('b', 1), ('c', 2)");
    expect(() => db.public.none("INSERT INTO p VALUES ('a', 3)")).toThrow(/duplicate key/);
    db.public.none("INSERT INTO p VALUES ('a', 9) ON CONFLICT (id) DO NOTHING");
    expect(db.public.many('SELECT id FROM p WHERE n = 1')).toEqual([{ id: 'a' }, { id: 'b' }]);
    const backup = db.backup();
    db.public.none("DELETE FROM p WHERE id = 'a'");
    expect(db.public.many('SELECT id FROM p WHERE n = 1')).toEqual([{ id: 'b' }]);
    db.public.none("INSERT INTO p VALUES ('a', 2)");
    expect(db.public.many("SELECT n FROM p WHERE id = 'a'")).toEqual([{ n: 2 }]);
    expect(db.public.many('SELECT id FROM p WHERE n = 2 ORDER BY id')).toEqual([{ id: 'a' }, { id: 'c' }]);
    db.public.none("UPDATE p SET n = 1 WHERE id = 'c'");
    expect(db.public.many('SELECT id FROM p WHERE n = 1')).toEqual([{ id: 'b' }, { id: 'c' }]);
    backup.restore();
    expect(db.public.many('SELECT id, n FROM p WHERE n >= 1')).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 1 },
      { id: 'c', n: 2 },
    ]);
  });
});
