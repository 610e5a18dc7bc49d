import { describe, expect, it } from 'vitest';
import { sleep } from '../../../src/engine/effects.js';
import { errorLine, pgFixture } from './pg-fixture.js';

const INSERT = 'insert into payments (key, status) values ($1, $2)';

describe('PostgresServer', () => {
  it('reports 23505 on a duplicate key, and the first row stays', async () => {
    const { server, port, say, start, log, sim } = pgFixture();
    start('a', 0, function* () {
      const db = port('a');
      const first = yield* db.query(INSERT, ['k1', 'done']);
      say(`a: ${first.command} ${first.rowCount}`);
      try {
        yield* db.query(INSERT, ['k1', 'again']);
      } catch (error) {
        say(`a: ${errorLine(error)} ${(error as Error).message}`);
      }
    });
    await sim.run();
    expect(log()).toEqual([
      '2 a: INSERT 1',
      '3 a autocommit error 23505',
      '4 a: DatabaseError 23505 duplicate key value violates unique constraint "payments_pkey"',
    ]);
    expect(server.select('select key, status from payments')).toEqual([{ key: 'k1', status: 'done' }]);
  });

  it("discards a crashed client's transaction about 1 ms after the crash", async () => {
    const { server, port, say, start, log, sim, world } = pgFixture();
    start('a', 0, function* () {
      yield* port('a').transaction(function* (tx) {
        yield* tx.query(INSERT, ['k1', 'charging']);
        say('a: inserted k1, charging');
        yield* sleep(100);
      });
      say('a: never gets here');
    });
    sim.schedule(50, () => world.node('a').crash());
    start('b', 60, function* () {
      const found = yield* port('b').query('select key from payments');
      say(`b: sees ${found.rowCount} rows`);
    });
    await sim.run();
    expect(log()).toEqual([
      '1 a/tx1 BEGIN',
      '4 a: inserted k1, charging',
      '50 node.crash a',
      '51 a/tx1 ROLLBACK (client-crash, 1 writes discarded)',
      '62 b: sees 0 rows',
    ]);
    expect(server.select('select * from payments')).toEqual([]);
  });

  it('reads now() from virtual time: the statement time in autocommit, the BEGIN time in a transaction', async () => {
    const { server, port, start, sim } = pgFixture();
    start('a', 10, function* () {
      const db = port('a');
      yield* db.query(INSERT, ['auto', 'done']);
      yield* db.transaction(function* (tx) {
        yield* sleep(30);
        yield* tx.query(INSERT, ['in-tx', 'done']);
      });
    });
    await sim.run();
    const rows = server.select('select key, created_at from payments order by key');
    expect(rows.map((row) => [row['key'], (row['created_at'] as Date).toISOString()])).toEqual([
      ['auto', '2026-01-01T00:00:00.011Z'],
      ['in-tx', '2026-01-01T00:00:00.013Z'],
    ]);
  });

  it('keeps committed rows across a crash and restart of the database, and loses open transactions', async () => {
    const { server, port, say, start, log, sim, world } = pgFixture();
    start('a', 0, function* () {
      const db = port('a');
      yield* db.query(INSERT, ['committed', 'done']);
      try {
        yield* db.transaction(function* (tx) {
          yield* tx.query(INSERT, ['open', 'charging']);
          yield* sleep(20);
          yield* tx.query(INSERT, ['later', 'charging']);
        });
      } catch (error) {
        say(`a: ${errorLine(error)}`);
      }
    });
    sim.schedule(10, () => world.node('db').crash());
    sim.schedule(15, () => world.node('db').restart());
    await sim.run();
    expect(log()).toEqual([
      '3 a/tx1 BEGIN',
      '10 node.crash db',
      '10 a/tx1 ROLLBACK (server-crash, 1 writes discarded)',
      '15 node.restart db',
      // The next statement finds the connection gone; so does the port's ROLLBACK.
      '27 a/tx1 error 08006',
      '29 a/tx1 error 08006',
      '30 a: DatabaseError 08006',
    ]);
    expect(server.select('select key from payments')).toEqual([{ key: 'committed' }]);
  });

  it('fails every statement after an error with 25P02, and COMMIT then rolls back silently', async () => {
    const { server, port, say, start, log, sim } = pgFixture();
    start('a', 0, function* () {
      yield* port('a').query(INSERT, ['k1', 'done']);
      yield* port('a').transaction(function* (tx) {
        yield* tx.query(INSERT, ['k2', 'done']);
        try {
          yield* tx.query(INSERT, ['k1', 'dup']);
        } catch (error) {
          say(`a: swallowed ${errorLine(error)}`);
        }
        try {
          yield* tx.query('select 1');
        } catch (error) {
          say(`a: then ${errorLine(error)}`);
        }
      });
      say('a: transaction() returned');
    });
    await sim.run();
    expect(log()).toEqual([
      '3 a/tx1 BEGIN',
      '7 a/tx1 error 23505',
      '7 a/tx1 ROLLBACK (error, 1 writes discarded)',
      '8 a: swallowed DatabaseError 23505',
      '9 a/tx1 error 25P02',
      '10 a: then DatabaseError 25P02',
      '12 a: transaction() returned',
    ]);
    expect(server.select('select key from payments')).toEqual([{ key: 'k1' }]);
  });

  it('aborts a transaction on a syntax error too, and disconnects one idle past the timeout with 25P03', async () => {
    const { port, say, start, log, sim } = pgFixture({ idleInTransactionTimeoutMs: 50 });
    start('a', 0, function* () {
      try {
        yield* port('a').transaction(function* (tx) {
          yield* tx.query('selec 1');
        });
      } catch (error) {
        say(`a: ${errorLine(error)}`);
      }
      try {
        yield* port('a').transaction(function* (tx) {
          yield* tx.query(INSERT, ['k1', 'charging']);
          yield* sleep(60);
          yield* tx.query(INSERT, ['k2', 'charging']);
        });
      } catch (error) {
        say(`a: ${errorLine(error)}`);
      }
    });
    await sim.run();
    expect(log()).toEqual([
      '1 a/tx1 BEGIN',
      '3 a/tx1 error 42601',
      '3 a/tx1 ROLLBACK (error, 0 writes discarded)',
      '6 a: DatabaseError 42601',
      '7 a/tx2 BEGIN',
      '59 a/tx2 ROLLBACK (idle-timeout, 1 writes discarded)',
      '71 a/tx2 error 25P03',
      '73 a/tx2 error 25P03',
      '74 a: DatabaseError 25P03',
    ]);
  });

  it('maps constraint errors pg-mem leaves without a code to their SQLSTATE', async () => {
    const { port, say, start, sim } = pgFixture();
    const attempts: Array<[string, unknown[]]> = [
      ['insert into payments (key, status) values ($1, $2)', ['k', null]],
      ['insert into payments (key, status, amount) values ($1, $2, $3)', ['k', 'done', 0]],
      ['select * from missing', []],
      ['selec 1', []],
      ['select $1::text', []],
    ];
    start('a', 0, function* () {
      for (const [sql, params] of attempts) {
        try {
          yield* port('a').query(sql, params);
        } catch (error) {
          say(errorLine(error));
        }
      }
    });
    await sim.run();
    expect(sim.trace.all.filter((entry) => entry.type === 'test.say').map((entry) => entry['text'])).toEqual([
      'DatabaseError 23502',
      'DatabaseError 23514',
      'DatabaseError 42P01',
      'DatabaseError 42601',
      'DatabaseError 08P01',
    ]);
  });
});
