/**
 * ssi-footprint.ts reads a statement's footprint from a shape found once per text plus the
 * binding's values; it must give exactly what reading the bound tree itself gave before (the
 * reference below is that reading, kept here as the specification), including nulls, casts,
 * a key named twice, composite keys, upserts and statements that read more than one table.
 */
import type { Expr, Statement } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { MemDatabase } from '../../../src/components/postgres/mem-database.js';
import {
  StatementCache,
  type BoundStatement,
} from '../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';
import { tablesRead } from '../../../src/components/postgres/serializable-conflicts.js';
import { footprintOf, ssiRow, type Footprint } from '../../../src/components/postgres/ssi-footprint.js';

const SCHEMA = [
  'CREATE TABLE keys (key text PRIMARY KEY, owner text, locked_at double precision)',
  'CREATE TABLE pairs (a text, b integer, note text, PRIMARY KEY (a, b))',
  'CREATE TABLE logs (id serial, line text)',
  'CREATE TABLE codes (code text UNIQUE, label text)',
].join('; ');

const CASES: ReadonlyArray<readonly [string, readonly unknown[]]> = [
  ['SELECT * FROM keys WHERE key = $1', ['k1']],
  ['SELECT * FROM keys WHERE key = $1 FOR UPDATE', ['k1']],
  ['SELECT * FROM keys WHERE key = $1', [null]],
  ['SELECT * FROM keys WHERE $1 = key AND owner = $2', ['k1', 'o']],
  ['SELECT * FROM keys WHERE key = $1::text', ['k1']],
  ["SELECT * FROM keys WHERE key = 'fixed' AND key = $1", ['k2']],
  ["SELECT * FROM keys WHERE key = $1 AND key = 'fixed'", ['k2']],
  ["SELECT * FROM keys WHERE key = 'fixed' AND key = $1", [null]],
  ['SELECT * FROM keys WHERE owner = $1', ['o']],
  ['SELECT * FROM keys WHERE key = $1 OR key = $2', ['k1', 'k2']],
  ['SELECT * FROM keys', []],
  ['SELECT k.key FROM keys k JOIN pairs p ON p.a = k.key WHERE k.key = $1', ['k1']],
  ['SELECT * FROM pairs WHERE a = $1 AND b = $2', ['x', 3]],
  ['SELECT * FROM pairs WHERE a = $1 AND b = 3', ['x']],
  ['SELECT * FROM pairs WHERE a = $1', ['x']],
  ['SELECT * FROM codes WHERE code = $1', ['c']],
  ['SELECT * FROM logs WHERE id = $1', [1]],
  ['UPDATE keys SET owner = $1 WHERE key = $2 AND locked_at = $3', ['o', 'k1', 12.5]],
  ['UPDATE keys SET owner = $1 WHERE key IN (SELECT a FROM pairs WHERE b = $2)', ['o', 1]],
  ['DELETE FROM keys WHERE key = $1', ['k1']],
  ['DELETE FROM keys WHERE locked_at < $1', [5]],
  ['INSERT INTO keys (key, owner) VALUES ($1, $2)', ['k9', 'o']],
  ['INSERT INTO keys (owner, key) VALUES ($1, $2), ($3, $4)', ['o', 'k7', 'p', 'k8']],
  ["INSERT INTO keys (key, owner) VALUES ('lit', $1)", ['o']],
  ['INSERT INTO keys (key, owner) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', ['k9', 'o']],
  ['INSERT INTO keys (owner) VALUES ($1)', ['o']],
  ['INSERT INTO keys VALUES ($1, $2, $3)', ['k5', 'o', 1]],
  ['INSERT INTO pairs (a, b, note) VALUES ($1, $2, $3)', ['x', 4, 'n']],
  ['INSERT INTO logs (line) VALUES ($1)', ['l']],
  ['INSERT INTO keys (key, owner) SELECT a, note FROM pairs WHERE b = $1', [1]],
];

/** What footprintOf answered before its shapes: the bound tree read for every statement. */
function referenceFootprint(
  mem: MemDatabase,
  ast: Statement,
  wrote: boolean,
  table: string | null,
  changedRows: readonly string[],
): Footprint {
  const inserted = ast.type === 'insert' ? insertedKeys(mem, ast, ast.into.name) : undefined;
  const reads = [...tablesRead(ast)].flatMap((read) =>
    ast.type === 'insert' && read === ast.into.name && inserted !== undefined
      ? inserted
      : [keyRead(mem, ast, read) ?? read],
  );
  if (!wrote || table === null) return { reads, writes: [] };
  if (ast.type === 'insert') return { reads, writes: inserted ?? [table] };
  const writes = changedRows.map((row) => {
    const split = row.indexOf('\u0000');
    return ssiRow(row.slice(0, split), JSON.parse(row.slice(split + 1)) as unknown[]);
  });
  return { reads, writes };
}

function keyRead(mem: MemDatabase, ast: Statement, table: string): string | undefined {
  const where = whereOf(ast, table);
  const keys = where === undefined ? undefined : mem.tableKeys(table);
  if (where === undefined || keys === undefined || keys === 'no key') return undefined;
  const equal = new Map<string, unknown>();
  collectEqualities(where, equal);
  const key = keys.key.map((column) => equal.get(column));
  return key.every((value) => value !== undefined) ? ssiRow(table, key) : undefined;
}

function whereOf(ast: Statement, table: string): Expr | undefined {
  if (ast.type === 'select') {
    const from = ast.from ?? [];
    const only = from[0];
    if (from.length !== 1 || only?.type !== 'table' || only.name.name !== table) return undefined;
    return ast.where ?? undefined;
  }
  if (ast.type === 'update' && ast.table.name === table) return ast.where ?? undefined;
  if (ast.type === 'delete' && ast.from.name === table) return ast.where ?? undefined;
  return undefined;
}

function collectEqualities(expr: Expr, into: Map<string, unknown>): void {
  if (expr.type !== 'binary') return;
  if (expr.op === 'AND') {
    collectEqualities(expr.left, into);
    collectEqualities(expr.right, into);
    return;
  }
  if (expr.op !== '=') return;
  const [ref, value] = expr.left.type === 'ref' ? [expr.left, expr.right] : [expr.right, expr.left];
  const literal = literalValue(value);
  if (ref.type === 'ref' && literal !== undefined) into.set(ref.name, literal);
}

function literalValue(expr: Expr): unknown {
  if (expr.type === 'string' || expr.type === 'integer' || expr.type === 'numeric') return expr.value;
  if (expr.type === 'cast') return literalValue(expr.operand);
  return undefined;
}

function insertedKeys(
  mem: MemDatabase,
  ast: Extract<Statement, { type: 'insert' }>,
  table: string,
): string[] | undefined {
  const keys = mem.tableKeys(table);
  if (keys === undefined || keys === 'no key' || ast.insert.type !== 'values' || ast.columns == null)
    return undefined;
  const columns = ast.columns.map((column) => column.name);
  const rows: string[] = [];
  for (const values of ast.insert.values) {
    const key = keys.key.map((column) => {
      const at = columns.indexOf(column);
      return at < 0 ? undefined : literalValue(values[at] as Expr);
    });
    if (key.some((value) => value === undefined)) return undefined;
    rows.push(ssiRow(table, key));
  }
  return rows;
}

describe('footprintOf', () => {
  const mem = new MemDatabase({ reuse: false });
  mem.setup(SCHEMA, 0);
  const cache = new StatementCache();
  const changed = ['keys\u0000["k1"]', 'pairs\u0000["x",3]'];

  it.each(CASES)('%s %j: the same footprint as reading the bound tree', (sql, params) => {
    const bound = cache.bind(sql, params) as BoundStatement;
    const { table } = bound.prepared;
    for (const wrote of [false, true]) {
      // Twice: the second answer comes from the shape (and keys) found by the first.
      for (let round = 0; round < 2; round++) {
        expect(footprintOf(mem, bound, wrote, table, changed)).toEqual(
          referenceFootprint(mem, bound.ast, wrote, table, changed),
        );
      }
    }
  });

  it('names the rows the key-row statements read and write', () => {
    const read = cache.bind('SELECT * FROM keys WHERE key = $1 AND locked_at = $2', [
      'k1',
      3,
    ]) as BoundStatement;
    expect(footprintOf(mem, read, false, null, [])).toEqual({ reads: [ssiRow('keys', ['k1'])], writes: [] });
    const upsert = cache.bind('INSERT INTO keys (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [
      'k2',
    ]) as BoundStatement;
    expect(footprintOf(mem, upsert, true, 'keys', [])).toEqual({
      reads: [ssiRow('keys', ['k2'])],
      writes: [ssiRow('keys', ['k2'])],
    });
  });

  it("asks for a table's keys again once the schema may have changed (setup bumps the version)", () => {
    const own = new MemDatabase({ reuse: false });
    own.setup('CREATE TABLE t (a text, b text)', 0);
    const bound = cache.bind('SELECT * FROM t WHERE a = $1', ['x']) as BoundStatement;
    expect(footprintOf(own, bound, false, null, []).reads).toEqual(['t']);
    own.setup('CREATE UNIQUE INDEX t_a ON t (a)', 0);
    expect(footprintOf(own, bound, false, null, []).reads).toEqual([ssiRow('t', ['x'])]);
  });
});
