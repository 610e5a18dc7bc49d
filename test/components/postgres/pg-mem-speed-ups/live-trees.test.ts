/**
 * What a statement's runs no longer rebuild: a live binding's trees and key, kept per statement
 * text (live-values.ts); a bound statement's key, made when asked for (statement-cache.ts); and the
 * compiled statements' least-recently-used order, kept by use stamps (pg-mem-instance.ts). Each is
 * compared with what building afresh gives.
 */
import { parse, type Expr, type Statement } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { bindLive } from '../../../../src/components/postgres/pg-mem-speed-ups/live-values.js';
import {
  keyedRunnable,
  runOn,
  withoutOnConflict,
} from '../../../../src/components/postgres/pg-mem-speed-ups/runnable.js';
import {
  COMPILED_MAX,
  PgMemInstance,
} from '../../../../src/components/postgres/pg-mem-speed-ups/pg-mem-instance.js';
import {
  bindLiveValues,
  StatementCache,
  type BoundStatement,
} from '../../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

const SQL = 'update t set note = $1, lease = $2 where key = $3 and n = $4 returning key';

/** The live binding as built before trees were kept: a fresh cache every time. */
function fresh(statement: BoundStatement, live: ReadonlySet<number>, slots: ReadonlySet<number>) {
  const { prepared } = statement;
  const ast = prepared.ast as Statement;
  const copy = (tree: Statement, replacements: readonly Expr[]): Statement => {
    const again = new StatementCache().bindLiterals(
      new StatementCache().prepare(prepared.sql),
      replacements as Expr[],
    );
    expect(tree).toEqual(ast);
    return again.ast;
  };
  return bindLive(prepared.sql, ast, live, statement.literals, copy, slots);
}

describe('live bindings made once per shape', () => {
  const live = new Set([1, 2, 3]);
  const slots = new Set([4]);

  it('gives every binding of a shape the same trees and key string, equal to a fresh binding', () => {
    const cache = new StatementCache();
    const first = cache.bind(SQL, ['a', 1.5, 'k1', 7]) as BoundStatement;
    const second = cache.bind(SQL, ['b', 2.5, 'k2', 8]) as BoundStatement;
    const one = bindLiveValues(first, live, slots);
    const two = bindLiveValues(second, live, slots);
    expect(two?.ast).toBe(one?.ast);
    expect(two?.probe).toBe(one?.probe);
    expect(two?.key).toBe(one?.key);
    expect(one?.values).toEqual(['a', '1.5', 'k1']);
    expect(two?.values).toEqual(['b', '2.5', 'k2']);
    expect(two?.slotValues).toEqual(['8']);
    expect(two).toEqual(fresh(second, live, slots));
  });

  it('keeps apart shapes that differ only in which values are null, live or slots (found by number)', () => {
    const cache = new StatementCache();
    const shapes: Array<[unknown[], ReadonlySet<number>]> = [
      [['a', 1, 'k1', 7], slots],
      [['a', null, 'k1', 7], slots],
      [['a', 1, 'k1', null], slots],
      [['a', 1, 'k1', 7], new Set([3, 4])],
      [['a', 1, 'k1', 7], slots],
    ];
    const made = shapes.map(([params, asSlots]) => {
      const statement = cache.bind(SQL, params) as BoundStatement;
      const binding = bindLiveValues(statement, new Set([1, 2, 3].filter((n) => !asSlots.has(n))), asSlots);
      expect(binding).toEqual(fresh(statement, new Set([1, 2, 3].filter((n) => !asSlots.has(n))), asSlots));
      return binding;
    });
    expect(new Set(made.map((binding) => binding?.ast)).size).toBe(4);
    expect(made[4]?.ast).toBe(made[0]?.ast);
  });

  it('keeps apart shapes whose literal values or nulls differ', () => {
    const cache = new StatementCache();
    const partly = new Set([1]);
    const bindings = [
      ['a', 1, 'k1', 7],
      ['a', 2, 'k1', 7],
      ['a', null, 'k1', 7],
      ['a', 1, 'k2', 7],
    ].map((params) => cache.bind(SQL, params) as BoundStatement);
    const made = bindings.map((statement) => bindLiveValues(statement, partly));
    expect(new Set(made.map((binding) => binding?.ast)).size).toBe(4);
    expect(new Set(made.map((binding) => binding?.key)).size).toBe(4);
    made.forEach((binding, index) => {
      expect(binding).toEqual(fresh(bindings[index] as BoundStatement, partly, new Set()));
    });
  });

  it('still binds right after forgetting the trees it kept (more shapes than it keeps)', () => {
    const cache = new StatementCache();
    for (let index = 0; index < 600; index++) {
      const statement = cache.bind(SQL, ['a', 1, `k${index}`, 7]) as BoundStatement;
      const binding = bindLiveValues(statement, new Set([1]));
      if (index % 97 === 0) expect(binding).toEqual(fresh(statement, new Set([1]), new Set()));
    }
  });
});

describe('statement shapes', () => {
  it('are told apart by which values are null, and by the probe', () => {
    const instance = new PgMemInstance();
    instance.db.public.none('create table s (key text primary key, note text, ref text)');
    instance.settle('');
    const cache = new StatementCache();
    const insert = 'insert into s (key, note, ref) values ($1, $2, $3) on conflict (key) do nothing';
    const run = (params: readonly unknown[], isStatement = true) => {
      const statement = cache.bind(insert, params) as BoundStatement;
      const target = keyedRunnable(instance, statement, isStatement, 0);
      return { key: target.key, values: target.values };
    };
    const shapes = [
      run(['a', 'x', 'y']),
      run(['b', null, 'y']),
      run(['c', 'x', null]),
      run(['d', null, null]),
      run(['e', 'x', 'y'], false),
      run(['f', null, 'y'], false),
    ];
    expect(shapes.map(({ values }) => values)).toEqual([
      ['a', 'x', 'y'],
      ['b', 'y'],
      ['c', 'x'],
      ['d'],
      ['e', 'x', 'y'],
      ['f', 'y'],
    ]);
    expect(new Set(shapes.map(({ key }) => key)).size).toBe(6);
    expect(run(['g', null, 'z'])).toEqual({ key: shapes[1]?.key, values: ['g', 'z'] });
  });
});

describe('an insert without its ON CONFLICT', () => {
  it('is the same runnable with the clause dropped and the probe key, its literal too', () => {
    const instance = new PgMemInstance();
    instance.db.public.none('create table p (key text primary key, note text)');
    instance.settle('');
    const sql = 'insert into p (key, note) values ($1, $2) on conflict (key) do nothing';
    const statement = new StatementCache().bind(sql, ['a', 'x']) as BoundStatement;
    const target = keyedRunnable(instance, statement, true, 0);
    const probe = withoutOnConflict(target);
    expect(probe.ast).toEqual({ ...target.ast, onConflict: null });
    expect(probe.ast).toBe(probe.ast);
    expect(probe.key).toBe(`${target.key}\u0000probe`);
    expect([probe.values, probe.slotValues]).toEqual([target.values, target.slotValues]);
    expect(probe.literal?.key).toBe(`${statement.key}\u0000probe`);
    expect(probe.literal?.ast).toEqual(statement.probe);
    expect(runOn(instance, probe).rowCount).toBe(1);
    expect(() => runOn(instance, probe)).toThrow(/duplicate key/);
  });
});

describe('a bound statement key', () => {
  it('is the text and the values as sent, made when asked for', () => {
    const statement = new StatementCache().bind(SQL, ['a', null, 1, true]) as BoundStatement;
    expect(statement.key).toBe(`${SQL}\u0000["a",null,"1","true"]`);
    expect(statement.key).toBe(statement.key);
  });
});

describe('compiled statements kept', () => {
  it('drops the least recently used first, counting a reuse as a use', () => {
    const instance = new PgMemInstance();
    const [ast] = parse('select 1 as one') as [Statement];
    const compileAll = (keys: readonly string[]): number => {
      const before = instance.compilations;
      for (const key of keys) instance.compile(ast, key);
      return instance.compilations - before;
    };
    const keys = Array.from({ length: COMPILED_MAX }, (_, index) => `k${index}`);
    expect(compileAll(keys)).toBe(COMPILED_MAX);
    expect(compileAll(['k0', 'k5'])).toBe(0); // reused: now the most recent
    expect(compileAll(['new1', 'new2', 'new3'])).toBe(3); // drops k1, k2, k3
    expect(compileAll(['k0', 'k5', 'k4', 'new1'])).toBe(0);
    expect(compileAll(['k1'])).toBe(1); // dropped before; compiling it drops k6
    expect(compileAll(['k7'])).toBe(0);
    expect(compileAll(['k6'])).toBe(1);
    expect(instance.run(ast, 'k6').rows).toEqual([{ one: 1 }]);
  });
});
