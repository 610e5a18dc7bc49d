/**
 * Binding by copy plans (statement-cache.ts `substitute`) makes the same trees as walking the whole
 * tree and asking at every node whether a `$n` is below it, as binding did before: equal trees, the
 * same key order, and the same nodes shared with the parsed tree.
 */
import { parse, type Expr, type Statement } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { toLiteral } from '../../../../src/components/postgres/sql-literal.js';
import {
  StatementCache,
  substitute,
} from '../../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

/** The walk binding used before copy plans, kept here as the oracle. */
function walked(node: unknown, withParams: ReadonlySet<object>, replacements: readonly unknown[]): unknown {
  if (typeof node !== 'object' || node === null || !withParams.has(node)) return node;
  if (Array.isArray(node)) return node.map((item) => walked(item, withParams, replacements));
  const record = node as Record<string, unknown>;
  if (record['type'] === 'parameter') return replacements[Number(String(record['name']).slice(1)) - 1];
  const copy: Record<string, unknown> = {};
  for (const key in record) copy[key] = walked(record[key], withParams, replacements);
  return copy;
}

/** Every object of a tree, by identity. */
function objects(node: unknown, found = new Set<object>()): Set<object> {
  if (typeof node !== 'object' || node === null || found.has(node)) return found;
  found.add(node);
  for (const child of Object.values(node)) objects(child, found);
  return found;
}

const TEXTS = [
  'insert into t (key, n, lease) values ($1, $2, $3) on conflict (key) do nothing returning key, id',
  'insert into t (key, n) values ($1, $2), ($3, $4), ($5, 7) returning key',
  'update t set note = $1, lease = $2 where key = $3 and lease = $4 returning key, note',
  'update t set note = $1 where key in (select key from t where lease < $2 and n = any($3)) returning key',
  'delete from t where key = $1 and lease < $2',
  'select key, n from t where (key = $1 or n in ($2, $3, 4)) and $1 <> note order by lease limit $4',
  'with c as (select key from t where n = $1) select * from c join u on u.key = c.key where u.m > $2',
  "select coalesce($1, 'x') as a, $2::int + 1 as b, array[$3, $4] as c from t where note like $5",
  'select 1 as one',
];

describe('substitute', () => {
  it('makes the trees the walk made, sharing the same parsed nodes', () => {
    const cache = new StatementCache();
    for (const sql of TEXTS) {
      const prepared = cache.prepare(sql);
      const ast = prepared.ast as Statement;
      for (let round = 0; round < 3; round++) {
        const literals: Expr[] = Array.from({ length: prepared.paramCount }, (_, index) =>
          toLiteral(index === round ? null : `${sql.length}-${index}-${round}`),
        );
        const planned = substitute(ast, prepared.withParams, literals);
        const oracle = walked(ast, prepared.withParams, literals);
        expect(JSON.stringify(planned)).toBe(JSON.stringify(oracle));
        expect(planned).toEqual(oracle);
        const parsed = objects(ast);
        const shared = (tree: unknown) => [...objects(tree)].filter((node) => parsed.has(node));
        expect(shared(planned)).toEqual(shared(oracle));
        expect(cache.bindLiterals(prepared, literals).ast).toEqual(oracle);
      }
    }
  });

  it('leaves a tree without parameters as it is', () => {
    const [ast] = parse('select 1 as one') as [Statement];
    expect(substitute(ast, new Set(), [])).toBe(ast);
  });
});
