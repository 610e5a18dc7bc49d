import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../../src/components/port/database-port.js';
import { MemDatabase } from '../../../../src/components/postgres/mem-database.js';
import {
  StatementCache,
  type BoundStatement,
} from '../../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

function bound(cache: StatementCache, sql: string, params: unknown[] = []): BoundStatement {
  const statement = cache.bind(sql, params);
  if (!('prepared' in statement)) throw new Error(`${sql} is transaction control`);
  return statement;
}

function codeOf(action: () => unknown): string {
  try {
    action();
    return 'no error';
  } catch (error) {
    return error instanceof DatabaseError ? error.code : String(error);
  }
}

describe('StatementCache', () => {
  it('parses each text once, and shares every node without a parameter between bindings', () => {
    const cache = new StatementCache();
    const sql = 'select key from payments where key = $1 and status = $2::text';
    const first = bound(cache, sql, ['k1', 'done']);
    const second = bound(cache, sql, ['k2', 7]);
    expect(cache.size).toBe(1);
    expect(first.prepared).toBe(second.prepared);
    expect(JSON.stringify(first.ast)).toContain('{"type":"string","value":"k1"}');
    expect(JSON.stringify(second.ast)).toContain('{"type":"cast","operand":{"type":"string","value":"7"}');
    const columns = (statement: BoundStatement): unknown => (statement.ast as { columns?: unknown }).columns;
    expect(columns(first)).toBe(columns(second));
  });

  it("builds a binding's trees when first read, each once: the statement, and its probe without ON CONFLICT", () => {
    const cache = new StatementCache();
    const upsert = bound(cache, 'insert into t (k, v) values ($1, $2) on conflict (k) do update set v = $2', [
      'a',
      'b',
    ]);
    expect(upsert.probeDiffers).toBe(true);
    expect(upsert.doNothing).toBe(false);
    expect(upsert.ast).toBe(upsert.ast);
    expect(upsert.probe).toBe(upsert.probe);
    expect(upsert.probe).toEqual({ ...upsert.ast, onConflict: null });
    expect(JSON.stringify(upsert.ast)).toContain(
      '"sets":[{"column":{"name":"v"},"value":{"type":"string","value":"b"}}]',
    );
    const skip = bound(cache, 'insert into t (k) values ($1) on conflict do nothing', ['a']);
    expect([skip.probeDiffers, skip.doNothing]).toEqual([true, true]);
    for (const sql of ['insert into t (k) values ($1)', 'update t set v = $1']) {
      const plain = bound(cache, sql, ['a']);
      expect(plain.probeDiffers).toBe(false);
      expect(plain.probe).toBe(plain.ast);
    }
  });

  it('classifies statements and recognises transaction control without pg-mem', () => {
    const cache = new StatementCache();
    const kinds = [
      'BEGIN',
      'start transaction',
      'commit',
      'END',
      'ROLLBACK;',
      'begin isolation level read committed',
    ].map((sql) => cache.prepare(sql).kind);
    expect(kinds).toEqual(['begin', 'begin', 'commit', 'commit', 'rollback', 'begin']);
    expect(cache.prepare('update payments set status = $1 where key = $2').table).toBe('payments');
    expect(cache.prepare('select 1').kind).toBe('read');
    expect(cache.prepare('create table t (k text)').kind).toBe('ddl');
    const levels = [
      'begin',
      'begin isolation level serializable',
      'BEGIN ISOLATION LEVEL Repeatable Read',
      'start transaction isolation level read uncommitted',
    ].map((sql) => cache.prepare(sql).isolation);
    expect(levels).toEqual([undefined, 'serializable', 'repeatable read', 'read committed']);
    expect(codeOf(() => cache.bind('select $1::text, $2::text', ['only one']))).toBe('08P01');
    expect(codeOf(() => cache.prepare('select 1; select 2'))).toBe('42601');
  });

  it('binds values as node-postgres sends them: text, typed by the server from context', () => {
    const mem = new MemDatabase();
    mem.setup('create table t (n int, ok boolean, at timestamptz, tags text[], doc jsonb)', 0);
    const cache = new StatementCache();
    const insert = 'insert into t values ($1, $2, $3, $4, $5) returning n, ok, tags, doc';
    const at = new globalThis.Date(Date.UTC(2026, 0, 2));
    const statement = bound(cache, insert, [5, true, at, ['a', 'b "c"'], { x: 1 }]);
    expect(mem.execute(statement, 'statement', 0).rows).toEqual([
      { n: 5, ok: true, tags: ['a', 'b "c"'], doc: { x: 1 } },
    ]);
  });
});

describe('MemDatabase: ON CONFLICT DO NOTHING answers as PostgreSQL does', () => {
  const claim =
    'insert into claims (key, ref) values ($1, $2), ($3, $4) on conflict (key) do nothing returning key';

  function database(): { mem: MemDatabase; cache: StatementCache } {
    const mem = new MemDatabase();
    mem.setup(
      `create table claims (key text primary key, ref text unique); insert into claims values ('k1', 'r1')`,
      0,
    );
    return { mem, cache: new StatementCache() };
  }

  it('skips conflicting rows: neither returned nor counted', () => {
    const { mem, cache } = database();
    const statement = bound(cache, claim, ['k1', 'r9', 'k2', 'r2']);
    expect(mem.execute(statement, 'statement', 0)).toEqual({
      rows: [{ key: 'k2' }],
      rowCount: 1,
      command: 'INSERT',
    });
    expect(mem.read('select key from claims order by key', 0)).toEqual([{ key: 'k1' }, { key: 'k2' }]);
  });

  it('still raises 23505 for a conflict on another unique index than the target', () => {
    const { mem, cache } = database();
    const statement = bound(cache, claim, ['k2', 'r2', 'k3', 'r1']);
    expect(codeOf(() => mem.execute(statement, 'statement', 0))).toBe('23505');
    expect(mem.read('select key from claims', 0)).toEqual([{ key: 'k1' }]);
  });
});
