/**
 * pg-mem runs without its error diagnostics and without stack traces (pg-mem-instance.ts), and a
 * caller that only asks which error it was gets the SQLSTATE without a DatabaseError being made
 * (pg-mem-errors.ts `sqlstateOf`). Oracle: every failing statement below fails on pg-mem as it
 * ships (diagnostics on) with the same SQLSTATE and message, once through toDatabaseError.
 */
import { newDb, type IMemoryDb } from 'pg-mem';
import { parse, type Statement } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { sqlstateOf, toDatabaseError } from '../../../../src/components/postgres/pg-mem-errors.js';
import { PgMemInstance } from '../../../../src/components/postgres/pg-mem-speed-ups/pg-mem-instance.js';
import { DatabaseError } from '../../../../src/components/port/database-port.js';

const SCHEMA = `create table t (key text primary key, n int not null, ref text unique, lease float check (lease >= 0));
  create table child (id int primary key, key text references t(key));
  insert into t values ('k1', 1, 'r1', 1.5)`;

/** Each fails on pg-mem, whether compiling or running: every branch of pg-mem-errors.ts's table. */
const FAILING = [
  "insert into t values ('k1', 2, 'r2', 0)", // 23505 with pg-mem's own code
  "insert into t values ('k2', 2, 'r1', 0)", // 23505 on another unique index
  "insert into t (key, ref) values ('k3', 'r3')", // not null
  "insert into t values ('k4', 4, 'r4', -1)", // check
  "insert into child values (1, 'absent')", // foreign key
  'select * from missing', // relation does not exist
  'select nope from t', // column does not exist
  "update t set n = 'abc' where key = 'k1'", // invalid input
  "select key from t where lease < 'later'",
  'select key from t where n = $1', // no value for $1
  'alter index t_n rename to t_m', // not supported by pg-mem
  "insert into t values ('k5', 5, 'r5', 1) on conflict (n) do nothing", // no such unique index
];

function answer(db: IMemoryDb, sql: string): string {
  const [ast] = parse(sql) as [Statement];
  try {
    db.public.query(ast);
    return 'no error';
  } catch (error) {
    const converted = toDatabaseError(error);
    expect(sqlstateOf(error)).toBe(converted.code);
    return `${converted.code} ${converted.message}`;
  }
}

describe('pg-mem without error diagnostics', () => {
  it('fails every statement with the SQLSTATE and message pg-mem as it ships gives', () => {
    const shipped = newDb();
    shipped.public.none(SCHEMA);
    const instance = new PgMemInstance();
    instance.db.public.none(SCHEMA);
    const quiet = FAILING.map((sql) => answer(instance.db, sql));
    expect(quiet).toEqual(FAILING.map((sql) => answer(shipped, sql)));
    expect(quiet.filter((line) => line === 'no error')).toEqual([]);
    expect(new Set(quiet.map((line) => line.slice(0, 5)))).toEqual(
      new Set(['23505', '23502', '23514', '23503', '42P01', '42703', '42P02', '0A000', 'XX000']),
    );
  });

  it('runs statements and makes their DatabaseErrors without stack traces, and puts the limit back', () => {
    const instance = new PgMemInstance();
    instance.db.public.none(SCHEMA);
    const limit = Error.stackTraceLimit;
    const [insert] = parse("insert into t values ('k1', 2, 'r2', 0)") as [Statement];
    let thrown: unknown;
    try {
      instance.run(insert, 'duplicate');
    } catch (error) {
      thrown = error;
    }
    expect(sqlstateOf(thrown)).toBe('23505');
    const { name, message, stack } = thrown as Error;
    expect(stack).toBe(`${name}: ${message}`); // no frames
    expect(Error.stackTraceLimit).toBe(limit);
    // Nor has what the project makes of it: its frames would be the server's, where the answer was
    // made, never the strategy's that meets it, and capturing them cost 2.8 % of a db-atomic hunt.
    const converted = toDatabaseError(thrown);
    expect(converted.stack).toBe(`${converted.name}: ${converted.message}`);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('reads the SQLSTATE of what is already a DatabaseError, and of what is not an error', () => {
    expect(sqlstateOf(new DatabaseError('40001', 'could not serialize access'))).toBe('40001');
    expect(sqlstateOf('relation "x" does not exist')).toBe('42P01');
    expect(sqlstateOf(null)).toBe('XX000');
  });
});
