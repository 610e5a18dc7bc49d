/**
 * MemDatabase.tableKeys keeps its answers while pg-mem's schema stays the same: each is what
 * reading the schema afresh (on a database that never answered before) gives, before and after the
 * schema changes under it.
 */
import { describe, expect, it } from 'vitest';
import { MemDatabase } from '../../../src/components/postgres/mem-database.js';
import {
  StatementCache,
  type BoundStatement,
} from '../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

const SCHEMA = 'create table tk_a (id int primary key, ref text unique, n int); create table tk_b (n int)';
const TABLES = ['tk_a', 'tk_b', 'tk_missing'];

function afresh(sql: readonly string[]): unknown[] {
  const mem = new MemDatabase({ reuse: false });
  mem.setup(SCHEMA, 0);
  const cache = new StatementCache();
  for (const text of sql) {
    const statement = cache.bind(text, []) as BoundStatement;
    mem.execute(statement, 'statement', 0);
  }
  return TABLES.map((table) => mem.tableKeys(table));
}

const CHANGES = ['create unique index tk_b_n on tk_b (n)', 'create table tk_missing (k text primary key)'];

describe('MemDatabase.tableKeys', () => {
  it('answers as the schema read afresh, before and after each change of the schema', () => {
    const mem = new MemDatabase({ reuse: false });
    mem.setup(SCHEMA, 0);
    const before = TABLES.map((table) => mem.tableKeys(table));
    expect(before).toEqual(afresh([]));
    expect(TABLES.map((table) => mem.tableKeys(table))).toEqual(before);
    expect(before[0]).toEqual({
      key: ['id'],
      uniqueColumns: new Set(['id', 'ref']),
      uniqueOnColumnsOnly: true,
    });
    expect(before.slice(1)).toEqual(['no key', undefined]);
    const cache = new StatementCache();
    // One at a time: pg-mem's own schema version does not move for CREATE INDEX.
    CHANGES.forEach((text, index) => {
      const statement = cache.bind(text, []) as BoundStatement;
      mem.execute(statement, 'statement', 0);
      expect(TABLES.map((table) => mem.tableKeys(table))).toEqual(afresh(CHANGES.slice(0, index + 1)));
    });
    expect(TABLES.map((table) => mem.tableKeys(table)).slice(1)).toEqual([
      { key: ['n'], uniqueColumns: new Set(['n']), uniqueOnColumnsOnly: true },
      { key: ['k'], uniqueColumns: new Set(['k']), uniqueOnColumnsOnly: true },
    ]);
  });

  it('asks again after setup SQL, however little it changed', () => {
    const mem = new MemDatabase({ reuse: false });
    mem.setup(SCHEMA, 0);
    expect(mem.tableKeys('tk_b')).toBe('no key');
    mem.setup('create unique index tk_b_n on tk_b (n)', 0);
    expect(mem.tableKeys('tk_b')).toEqual({
      key: ['n'],
      uniqueColumns: new Set(['n']),
      uniqueOnColumnsOnly: true,
    });
  });

  it('asks again after read SQL, which may change the schema too', () => {
    const mem = new MemDatabase({ reuse: false });
    mem.setup(SCHEMA, 0);
    expect(mem.tableKeys('tk_b')).toBe('no key');
    mem.read('create unique index tk_b_n on tk_b (n)', 0);
    expect(mem.tableKeys('tk_b')).toEqual(afresh(CHANGES.slice(0, 1))[1]);
  });

  it("keeps its answers on a pooled database from run to run, for that database's schema only", () => {
    const schema = 'create table tk_p (id int primary key, n int)';
    const run = (extra?: string): unknown => {
      const mem = new MemDatabase();
      mem.setup(schema, 0);
      if (extra !== undefined) mem.setup(extra, 0);
      const keys = mem.tableKeys('tk_p');
      mem.release();
      return keys;
    };
    const plain = { key: ['id'], uniqueColumns: new Set(['id']), uniqueOnColumnsOnly: true };
    expect(run()).toEqual(plain);
    expect(run()).toEqual(plain);
    const indexed = { key: ['id'], uniqueColumns: new Set(['id', 'n']), uniqueOnColumnsOnly: true };
    expect(run('create unique index tk_p_n on tk_p (n)')).toEqual(indexed);
    expect(run()).toEqual(plain);
    expect(run('create unique index tk_p_n on tk_p (n)')).toEqual(indexed);
  });

  it('counts an expression or partial unique index as not on plain columns, and never as a key', () => {
    const mem = new MemDatabase({ reuse: false });
    mem.setup(`${SCHEMA}; create unique index tk_b_plus on tk_b ((n + 1))`, 0);
    // pg-mem names the expression null: it must not read as a column called "null".
    expect(mem.tableKeys('tk_b')).toBe('no key');
    mem.setup("create unique index tk_a_n on tk_a (n) where ref = 'x'", 0);
    expect(mem.tableKeys('tk_a')).toEqual({
      key: ['id'],
      uniqueColumns: new Set(['id', 'ref', 'n']),
      uniqueOnColumnsOnly: false,
    });
  });
});
