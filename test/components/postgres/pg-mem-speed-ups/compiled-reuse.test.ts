/**
 * Reused pg-mem databases and the statements compiled on them answer exactly as a new database
 * compiling every statement afresh (the behaviour before reuse): same rows, in the same order,
 * same errors, same state. Each workload runs three times on databases handed back and taken again
 * from the pool (pg-mem-pool.ts), at different virtual times, and is compared with the same
 * workload on fresh, compile-everything databases.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'pgsql-ast-parser';
import {
  setupReadsClock,
  readsClockWhenCompiled,
} from '../../../../src/components/postgres/pg-mem-speed-ups/clock-reads.js';
import { DatabaseError } from '../../../../src/components/port/database-port.js';
import { keyCandidates } from '../../../../src/components/postgres/pg-mem-speed-ups/index-key-slots.js';
import { liveCandidates } from '../../../../src/components/postgres/pg-mem-speed-ups/live-values.js';
import { MemDatabase } from '../../../../src/components/postgres/mem-database.js';
import {
  StatementCache,
  type BoundStatement,
} from '../../../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

/** Each test gets tables of its own name, so that no other test's pooled database can serve it. */
function schema(table: string, extra = ''): string {
  return `create table ${table} (key text primary key, n int, lease double precision, note text,
    short varchar(3), id serial, created_at timestamptz not null default now()${extra});
    create index ${table}_n on ${table} (n)`;
}

type Step = readonly [sql: string, params: readonly unknown[]];

/** Runs every step, logging its rows or its error; the log is what the two databases must agree on. */
function play(mem: MemDatabase, cache: StatementCache, steps: readonly Step[], atMs: number): string[] {
  return steps.map(([sql, params], index) => {
    const statement = cache.bind(sql, params) as BoundStatement;
    try {
      const result = mem.execute(statement, 'statement', atMs + index);
      return `${result.command} ${result.rowCount} ${JSON.stringify(result.rows)}`;
    } catch (error) {
      return error instanceof DatabaseError
        ? `error ${error.code} ${error.message}`
        : `thrown ${String(error)}`;
    }
  });
}

function workload(t: string, round: number): Step[] {
  const keys = Array.from({ length: 12 }, (_, i) => `k${(i * 7 + round) % 12}`);
  return [
    ...keys.map(
      (key, i): Step => [
        `insert into ${t} (key, n, lease) values ($1, $2, $3) on conflict (key) do nothing returning key, id`,
        [key, i % 4, i + 0.5],
      ],
    ),
    [
      `insert into ${t} (key, n, lease) values ($1, $2, $3) on conflict (key) do nothing returning key`,
      ['k1', 1, 2.5],
    ],
    [`insert into ${t} (key, n, lease) values ($1, $2, $3)`, ['k1', 9, 1]], // 23505, a row id used
    [`insert into ${t} (key, n, lease) values ($1, $2, $3)`, ['new', 'not a number', 1]], // refused before any row id
    [`insert into ${t} (key, n, note) values ($1, $2, $3) returning key, n, note`, ['nulls', null, null]],
    [`select key, n, lease, id from ${t}`, []], // no ORDER BY: row ids decide the order
    [`select key from ${t} where n = $1`, [2]], // index lookup: $1 stays a literal
    [
      `update ${t} set note = $1, lease = $2 where key = $3 and lease = $4 returning key, note`,
      ['done', 7.25, 'k3', 3.5],
    ],
    [
      `update ${t} set note = $1, lease = $2 where key = $3 and lease = $4 returning key`,
      ['fenced', 1, 'k3', 3.5],
    ],
    [`update ${t} set n = $1 where key = $2`, [5, 'k1']], // passes pg-mem's first-use check, so the next is reused
    [`update ${t} set n = $1 where key = $2`, ['oops', 'absent']], // no row needs 'oops': the literal still refuses it
    // Unread values for plain text columns need no compile (pg-mem-instance.ts isPlainText), but a
    // varchar(3) still refuses a longer literal that no row needs.
    [`update ${t} set short = $1 where key = $2`, ['ab', 'k1']],
    [`update ${t} set short = $1 where key = $2`, ['toolong', 'absent']],
    [`update ${t} set note = $1 where note = $2 and lease > $3`, [`n${round}`, `m${round}`, 1000]],
    [`update ${t} set n = $1 where lease > $2 returning key, n`, [3, 100]],
    [`delete from ${t} where lease < $1 returning key`, [round + 2]],
    [`delete from ${t} where key = $1 and lease < $2`, ['k2', 100]],
    [`delete from ${t} where key = $1 and lease < $2`, ['absent', 'later']], // refused though no row needs it
    // Unread values literal-acceptance.ts decides without a compile: accepted, and refused.
    // (The accepted ones change with the round, as a poll's time does: a literal compiled before is kept.)
    [`update ${t} set n = $1 where key = $2`, [`${round + 12}abc`, 'absent']],
    [`update ${t} set n = $1 where key = $2`, ['1.5', 'absent']],
    [`delete from ${t} where key = $1 and lease < $2`, ['absent', ` ${round}.5`]],
    [`delete from ${t} where key = $1 and lease < $2`, ['absent', '1e400']],
    // pg-mem meets the WHERE's parameter before the SET's: in the last round the unread '1.5' must
    // still be refused as an integer, not taken for the float the WHERE compares.
    [`update ${t} set n = $1 where lease < $2`, [round < 2 ? '3' : '1.5', '-1000000']],
    // A value inside a one-table IN subquery goes live too: rows, a fresh value each round, and a
    // refused one no row needs (the subquery is never run) must answer as the literal statement.
    [`select key from ${t} where key in (select key from ${t} where lease < $1)`, [`${round + 3}`]],
    [
      `update ${t} set note = $1 where key in (select key from ${t} where lease < $2) returning key`,
      ['swept', `${round + 2}.5`],
    ],
    [
      `update ${t} set note = $1 where note = $2 and key in (select key from ${t} where lease < $3)`,
      ['x', 'no such note', round < 2 ? `${round}` : 'abc'],
    ],
    [`select key, note from ${t} where note = $1 or lease >= $2`, ['done', 9]],
    [`select key, created_at, current_timestamp as now from ${t} where key = $1`, ['nulls']],
    [`select count(*) as c from ${t}`, []],
    ...keyLookups(t, round),
  ];
}

/**
 * Statements whose key is an index-key slot (index-key-slots.ts) or, where a slot would be wrong,
 * stays a literal: each shape runs with several keys, present or not, before and after the table
 * changes under it, so that a value left behind in compiled code would show.
 */
function keyLookups(t: string, round: number): Step[] {
  const keys = ['k1', `k${round + 4}`, 'absent', 'k1', ''];
  return [
    ...keys.map((key): Step => [`select key, n from ${t} where key = $1`, [key]]),
    ...keys.map((key): Step => [`select key from ${t} where $1 = key and n >= $2`, [key, 0]]),
    [`insert into ${t} (key, n, lease, note) values ($1, $2, $3, $4)`, ['late', 2, 1, 'x']],
    ...keys.map(
      (key, i): Step => [`update ${t} set note = $1 where key = $2 returning key, note`, [`u${i}`, key]],
    ),
    [`select key, n from ${t} where key = $1`, ['late']],
    [`delete from ${t} where key = $1 returning key`, ['late']],
    [`select key, n from ${t} where key = $1`, ['late']],
    // An OR plans a scan of the whole WHERE, holding the key: it stays a literal.
    ...keys.map((key): Step => [`select key from ${t} where key = $1 or lease > $2`, [key, 100]]),
    // Not text (the cast could refuse a value): a literal.
    ...['2', '3', 'x'].map((n): Step => [`select key from ${t} where n = $1`, [n]]),
    // A key on a column that is not unique, and one that is NULL (a literal: no row matches).
    ...['done', null, 'x'].map(
      (note): Step => [`select key from ${t} where note = $1 and key = $2`, [note, 'k3']],
    ),
  ];
}

/** Three rounds on pooled databases against three on fresh ones, setup and all at round-dependent times. */
function compareRounds(t: string, extraSchema = ''): void {
  const cache = new StatementCache();
  for (let round = 0; round < 3; round++) {
    const atMs = 1000 * round;
    const fresh = new MemDatabase({ reuse: false });
    fresh.setup(schema(t, extraSchema), atMs);
    const expected = [
      ...play(fresh, cache, workload(t, round), atMs + 10),
      JSON.stringify(fresh.read(`select * from ${t}`, atMs)),
    ];
    const reused = new MemDatabase();
    reused.setup(schema(t, extraSchema), atMs);
    const actual = [
      ...play(reused, cache, workload(t, round), atMs + 10),
      JSON.stringify(reused.read(`select * from ${t}`, atMs)),
    ];
    reused.release();
    expect(actual).toEqual(expected);
  }
}

describe('reused databases and compiled statements', () => {
  it('answer as a new database compiling everything: rows, their order, errors, and what is left', () => {
    compareRounds('reuse_a');
  });

  it('do the same when the schema freezes the time of its setup (DEFAULT CURRENT_TIMESTAMP)', () => {
    compareRounds('reuse_b', ', frozen timestamptz default current_timestamp');
  });

  it('reuse what they compiled: a later run with the same schema compiles almost nothing', () => {
    const cache = new StatementCache();
    const compiles = (round: number): number => {
      const mem = new MemDatabase();
      mem.setup(schema('reuse_c'), 0);
      play(mem, cache, workload('reuse_c', round), 10);
      const count = mem.compilations;
      mem.release();
      return count;
    };
    // Run 1 checks each text's coverage (compiled in, so not kept); run 2 learns which values go live.
    compiles(0);
    compiles(1);
    // Left: the insert text that fails every time (twice; it never passes that first-use check), the
    // literal compile of each of the seven statements that refused a value no row needed (the
    // varchar(3) one included), the key lookup under an OR with this round's new key (no slot
    // there), the int lookup that refuses 'x', and the delete whose lease changes each round
    // (' 2.5': a literal there). Other keys looked up by index are slots (index-key-slots.ts):
    // nothing compiles per key; the unread '14abc' that pg-mem surely accepts as an integer
    // compiles nothing, nor do the unread texts for plain text columns ('swept' and the note
    // update's: 14 when those compiled); and values inside a one-table IN subquery are live.
    expect(compiles(2)).toBe(12);
  });

  it('reuse the compiled probe of an INSERT ... ON CONFLICT whose conflict never happens', () => {
    // A write runs its probe (the insert without ON CONFLICT) first, and only that while no row
    // conflicts (read-committed.ts): the service's payments INSERT, whose charge ids are all new.
    const cache = new StatementCache();
    const sql = 'insert into reuse_d (key, n) values ($1, $2) on conflict (key) do nothing';
    const compiles = (round: number): number => {
      const mem = new MemDatabase();
      mem.setup(schema('reuse_d'), 0);
      for (let i = 0; i < 5; i++) {
        const statement = cache.bind(sql, [`k${round}-${i}`, 1]) as BoundStatement;
        mem.execute(statement, 'probe', 10 + i);
      }
      const count = mem.compilations;
      mem.release();
      return count;
    };
    expect(compiles(0)).toBe(2); // the first checks coverage (not kept), the next learns the key goes live
    expect(compiles(1)).toBe(0); // the key went live: one compiled probe serves every charge id
    expect(compiles(2)).toBe(0);
  });

  it('compile a key lookup once for every key, and the literal statement where a slot would be wrong', () => {
    const cache = new StatementCache();
    const compiles = (round: number, sql: string, keys: readonly unknown[]): number => {
      const mem = new MemDatabase();
      mem.setup(schema('reuse_f'), 0);
      play(mem, cache, [[`insert into reuse_f (key, n) values ('k10', 1), ('k20', 2), ('k21', 3)`, []]], 0);
      const before = mem.compilations;
      play(
        mem,
        cache,
        keys.map((key): Step => [sql, [`${String(key)}${round}`]]),
        10,
      );
      const count = mem.compilations - before;
      mem.release();
      return count;
    };
    // Each key is new; k10, k20 and k21 are rows.
    const lookup = 'select key, n from reuse_f where key = $1';
    // Round 0 checks coverage; round 1 learns (live fails, then the slot); after that, nothing.
    expect(compiles(0, lookup, ['k'])).toBe(1);
    expect(compiles(1, lookup, ['k'])).toBe(2);
    expect(compiles(2, lookup, ['k', 'a', 'b', 'c'])).toBe(0);
    const scan = 'select key from reuse_f where key = $1 or key > $1';
    compiles(0, scan, ['k']);
    compiles(1, scan, ['k']);
    expect(compiles(2, scan, ['k', 'a', 'b'])).toBe(3);
  });

  it('never share a database between two live users: each sees only its own writes', () => {
    const cache = new StatementCache();
    const first = new MemDatabase();
    first.setup(schema('reuse_d'), 0);
    first.release();
    const [a, b] = [new MemDatabase(), new MemDatabase()];
    a.setup(schema('reuse_d'), 0);
    b.setup(schema('reuse_d'), 0);
    play(a, cache, [[`insert into reuse_d (key) values ($1)`, ['only-a']]], 1);
    expect(b.read('select key from reuse_d', 1)).toEqual([]);
    expect(a.read('select key from reuse_d', 1)).toEqual([{ key: 'only-a' }]);
    a.release();
    expect(() => a.read('select 1', 1)).toThrow(/released/);
  });
});

describe('clock reads', () => {
  it('CURRENT_TIMESTAMP and kin are read when pg-mem compiles; now() each time it runs', () => {
    const compiled = (sql: string): boolean => readsClockWhenCompiled(parse(sql)[0]);
    expect(compiled('select current_timestamp')).toBe(true);
    expect(compiled('insert into t (at) values (current_date)')).toBe(true);
    expect(compiled('select now()')).toBe(false);
    expect(compiled("select 'current_timestamp'")).toBe(false);
  });

  it("pg-mem's text-to-timestamp conversion reads no clock: compiled conversions stay right at any time", () => {
    const mem = new MemDatabase({ reuse: false });
    const convert = (text: string, atMs: number): string => {
      try {
        const [row] = mem.read(`select '${text}'::timestamptz as at`, atMs);
        return (row?.['at'] as Date).toISOString();
      } catch (error) {
        return (error as Error).message.split('\n')[0] ?? '';
      }
    };
    // Not ISO: pg-mem hands these to moment, which falls back to `new Date(text)` (and warns once, on stderr).
    const texts = ['now', 'today', '10:00', 'Jan 5', '2026-03-01T10:00:00Z'];
    const early = texts.map((text) => convert(text, 0));
    expect(early).toEqual([
      'Invalid timestamp format: now',
      'Invalid timestamp format: today',
      'Invalid timestamp format: 10:00',
      '2001-01-05T00:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
    ]);
    expect(texts.map((text) => convert(text, 400 * 86_400_000))).toEqual(early);
  });

  it('setup depends on its time unless its only now() is a CREATE TABLE column default', () => {
    expect(setupReadsClock('create table t (k text, at timestamptz default now())')).toBe(false);
    expect(setupReadsClock('create table t (k text, at timestamptz default current_timestamp)')).toBe(true);
    expect(setupReadsClock('create table t (k text); insert into t values (now()::text)')).toBe(true);
    expect(setupReadsClock('alter table t add column at timestamptz default now()')).toBe(true);
    expect(setupReadsClock("create table t (at timestamptz default now() + interval '1 day')")).toBe(true);
    expect(setupReadsClock('not sql at all')).toBe(true);
  });
});

describe('live values', () => {
  const candidates = (sql: string): number[] => [...liveCandidates(parse(sql)[0] as never).keys()].sort();
  const keys = (sql: string): number[] => [...keyCandidates(parse(sql)[0] as never)].sort();

  it('are whole VALUES items, SET values and sides of column comparisons, each used once', () => {
    expect(
      candidates('insert into t (a, b, c) values ($1, $2, lower($3)) on conflict (a) do nothing'),
    ).toEqual([1, 2]);
    expect(candidates('insert into t (a, b) values ($1, $2), ($3, $4)')).toEqual([]);
    expect(
      candidates('update t set a = $1, b = $2 || $3 where k = $4 and (l < $5 or $6 = m) and f($7) = x'),
    ).toEqual([1, 4, 5, 6]);
    expect(candidates('update t set a = $1 where k = $1')).toEqual([]);
    expect(candidates('delete from t where k = $1')).toEqual([1]);
    expect(candidates('select a from t where k = $1 and not (l = $2)')).toEqual([1]);
    expect(candidates('select a from t join u on t.id = u.id where k = $1')).toEqual([]);
    expect(candidates('select a from t where k like $1')).toEqual([]);
  });

  it('name the column each is written to or compared with, where the tree names it as of its table', () => {
    const columns = (sql: string): unknown => Object.fromEntries(liveCandidates(parse(sql)[0] as never));
    expect(columns('insert into t (a, b) values ($1, $2)')).toEqual({
      1: { table: 't', column: 'a' },
      2: { table: 't', column: 'b' },
    });
    expect(columns('insert into t values ($1)')).toEqual({ 1: undefined });
    expect(
      columns(
        'update t as x set a = $1 where x.k = $2 and t.k = $3 and k in (select k from u where u.l < $4 and t.m = $5)',
      ),
    ).toEqual({
      1: { table: 't', column: 'a' },
      2: { table: 't', column: 'k' },
      3: undefined, // t is called x here
      4: { table: 'u', column: 'l' },
      5: undefined, // the outer table, seen from the subquery
    });
    expect(columns('select a from t where $1 = k')).toEqual({ 1: { table: 't', column: 'k' } });
  });

  it('may be index-key slots where a column equals them in a WHERE of ANDs only', () => {
    expect(keys('update t set a = $1 where k = $2 and $3 = l and m < $4')).toEqual([2, 3]);
    expect(keys('select a from t where k = $1 or l = $2')).toEqual([]);
    expect(keys('delete from t where (k = $1 and l = $2) and not (m = $3)')).toEqual([1, 2]);
    expect(keys('insert into t (k) values ($1)')).toEqual([]);
  });
});

describe('pg-mem error codes', () => {
  it("do not depend on the values quoted in pg-mem's diagnostic", () => {
    const mem = new MemDatabase({ reuse: false });
    mem.setup('create table reuse_e (n int, note text)', 0);
    const cache = new StatementCache();
    // pg-mem quotes the statement, values and all, below its message; that quote once made this 42703.
    const log = play(
      mem,
      cache,
      [['insert into reuse_e (n, note) values ($1, $2)', ['many', 'column x does not exist']]],
      0,
    );
    expect(log).toEqual(['error XX000 invalid input syntax for integer: many']);
  });
});
