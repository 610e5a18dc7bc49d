import { describe, expect, it } from 'vitest';
import type { PgSchedule } from '../../src/components/postgres/schedule-format.js';
import { compareAnswers, compareRows } from '../../src/conformance/postgres-answer.js';
import { stepsAround } from '../../src/conformance/postgres-step-lines.js';
import { runCli } from '../cli/run-cli.js';

describe('comparing a PostgreSQL answer with the model', () => {
  it('agrees on equal rows, and counts the timestamps it did not compare', () => {
    const excluded = {};
    const row = { key: 'k1', at: new Date(0) };
    const real = { ...row, at: new Date(1_000_000) };
    const sql = 'SELECT key, at FROM keys WHERE key = $1';
    expect(
      compareAnswers(
        sql,
        { ok: true, rows: [row], rowCount: 1, command: 'SELECT' },
        { ok: true, rows: [real], rowCount: 1, command: 'SELECT' },
        excluded,
      ),
    ).toEqual({
      agree: true,
      model: 'SELECT 1 [{"at":"<time>","key":"k1"}]',
      real: 'SELECT 1 [{"at":"<time>","key":"k1"}]',
    });
    expect(excluded).toEqual({ 'clock-values': 1 });
  });

  it('diverges on another SQLSTATE, on an error against rows, and on another row count', () => {
    const excluded = {};
    const sql = 'INSERT INTO keys (key) VALUES ($1)';
    const inserted = { ok: true as const, rows: [], rowCount: 1, command: 'INSERT' };
    expect(compareAnswers(sql, { ok: false, code: '23505' }, { ok: false, code: '40P01' }, excluded)).toEqual(
      {
        agree: false,
        model: 'ERROR 23505',
        real: 'ERROR 40P01',
      },
    );
    expect(compareAnswers(sql, { ok: false, code: '23505' }, inserted, excluded)).toEqual({
      agree: false,
      model: 'ERROR 23505',
      real: 'INSERT 1 []',
    });
    expect(compareAnswers(sql, { ...inserted, rowCount: 0 }, inserted, excluded).agree).toBe(false);
    expect(excluded).toEqual({});
  });

  it('takes the null row count of BEGIN as agreeing with 0, and rows of a SELECT without ORDER BY as a multiset, by named rules', () => {
    const excluded = {};
    expect(
      compareAnswers(
        'BEGIN',
        { ok: true, rows: [], rowCount: 0, command: 'BEGIN' },
        { ok: true, rows: [], rowCount: null, command: 'BEGIN' },
        excluded,
      ),
    ).toEqual({ agree: true, model: 'BEGIN []', real: 'BEGIN []' });
    const model = { ok: true as const, rows: [{ n: 1 }, { n: 2 }], rowCount: 2, command: 'SELECT' };
    const real = { ok: true as const, rows: [{ n: 2 }, { n: 1 }], rowCount: 2, command: 'SELECT' };
    expect(compareAnswers('SELECT n FROM t', model, real, excluded).agree).toBe(true);
    expect(compareAnswers('SELECT n FROM t ORDER BY n', model, real, excluded).agree).toBe(false);
    expect(excluded).toEqual({ 'untagged-row-count': 1, 'unordered-rows': 1 });
  });

  it('a number is not its text: a bigint arrives from node-postgres as a string', () => {
    const model = { ok: true as const, rows: [{ count: 3 }], rowCount: 1, command: 'SELECT' };
    const real = { ok: true as const, rows: [{ count: '3' }], rowCount: 1, command: 'SELECT' };
    expect(compareAnswers('SELECT count(*) FROM t', model, real, {})).toEqual({
      agree: false,
      model: 'SELECT 1 [{"count":3}]',
      real: 'SELECT 1 [{"count":"3"}]',
    });
  });

  it("compares final tables as multisets and shows only each side's missing rows", () => {
    const excluded = {};
    expect(
      compareRows([{ k: 'a' }, { k: 'b' }, { k: 'b' }], [{ k: 'b' }, { k: 'a' }, { k: 'c' }], excluded),
    ).toEqual({
      agree: false,
      model: '3 rows; 1 not in the other: [{"k":"b"}]',
      real: '3 rows; 1 not in the other: [{"k":"c"}]',
    });
    expect(compareRows([{ k: 'a' }, { k: 'b' }], [{ k: 'b' }, { k: 'a' }], excluded).agree).toBe(true);
  });
});

describe('a schedule around a step', () => {
  it('shows one line per step, the divergent one marked', () => {
    const schedule: PgSchedule = {
      node: 'postgres',
      setup: [],
      steps: [
        { kind: 'statement', id: 0, atMs: 1, session: 's/tx1', sql: 'BEGIN', params: [] },
        { kind: 'answer', id: 0, atMs: 1, answer: { ok: true, rows: [], rowCount: 0, command: 'BEGIN' } },
        { kind: 'statement', id: 1, atMs: 2, session: null, sql: 'INSERT INTO t VALUES ($1)', params: ['k'] },
        { kind: 'wait', id: 1, atMs: 2, on: 's/tx1', lock: 'unique key' },
        { kind: 'lost', atMs: 3, session: 's/tx1', reason: 'client-crash' },
        { kind: 'answer', id: 1, atMs: 3, answer: { ok: false, code: '23505' } },
      ],
      final: [],
    };
    expect(stepsAround(schedule, 3, 2, 1)).toEqual([
      '  1 1ms #0 answered BEGIN 0 []',
      '  2 2ms #1 autocommit: INSERT INTO t VALUES ($1) ["k"]',
      '> 3 2ms #1 waits for s/tx1 on a unique key',
      '  4 3ms s/tx1 lost (client-crash): rolled back',
    ]);
  });
});

describe('idemsim conform without a server', () => {
  it('a --pg server it cannot reach is bad input, said in one line with how to fix it', async () => {
    const url = 'postgresql://postgres@127.0.0.1:55499/postgres';
    const result = await runCli('conform', '01', '--strategies', 'db-naive', '--pg', url);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(
      /^idemsim: cannot reach PostgreSQL at --pg postgresql:\/\/postgres@127\.0\.0\.1:55499\/postgres: .*; start it, fix the URL .* or leave --pg out to start a throw-away one\n$/,
    );
  });
});
