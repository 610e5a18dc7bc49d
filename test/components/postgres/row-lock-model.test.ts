/**
 * Row locks beyond the schedules: deadlocks among row-lock waits, a crashed client's locks, the
 * port's isolation option, and the constructs the model refuses (0A000) rather than run unlocked.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { errorLine, pgFixture } from './pg-fixture.js';

const LOCK = 'select key from payments where key = $1 for update';

describe('row locks', () => {
  it("two transactions locking each other's rows deadlock; after deadlock_timeout one gets 40P01, the other goes on", async () => {
    const f = pgFixture({ deadlockTimeoutMs: 1000 }, 5000);
    f.server.setup(`insert into payments (key, status) values ('k1', 'new'), ('k2', 'new')`);
    for (const [client, first, second] of [
      ['a', 'k1', 'k2'],
      ['b', 'k2', 'k1'],
    ] as const) {
      f.start(client, 0, function* () {
        try {
          yield* f.port(client).transaction(function* (tx) {
            yield* tx.query(LOCK, [first]);
            yield* sleep(10);
            yield* tx.query('update payments set status = $2 where key = $1', [second, client]);
          });
          f.say(`${client}: committed`);
        } catch (error) {
          f.say(`${client}: ${errorLine(error)}`);
        }
      });
    }
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '1 b/tx1 BEGIN',
      '15 a/tx1 waits for b/tx1 (no key update)',
      '15 b/tx1 waits for a/tx1 (no key update)',
      '1015 a/tx1 error 40P01',
      '1015 a/tx1 ROLLBACK (error, 0 writes discarded)',
      '1017 b/tx1 COMMIT (1 writes)',
      '1018 a: DatabaseError 40P01',
      '1018 b: committed',
    ]);
  });

  it("a client's crash rolls back its transaction and releases its row lock to the waiter", async () => {
    const f = pgFixture();
    f.server.setup(`insert into payments (key, status) values ('k1', 'new')`);
    f.start('a', 0, () =>
      f.port('a').transaction(function* (tx) {
        yield* tx.query(LOCK, ['k1']);
        yield* sleep(50);
      }),
    );
    f.start('b', 5, function* () {
      const locked = yield* f.port('b').transaction((tx) => tx.query(LOCK, ['k1']));
      f.say(`b: locked ${locked.rowCount}`);
    });
    f.sim.schedule(20, () => f.world.node('a').crash());
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '6 b/tx1 BEGIN',
      '8 b/tx1 waits for a/tx1 (update)',
      '20 node.crash a',
      '21 a/tx1 ROLLBACK (client-crash, 0 writes discarded)',
      '23 b/tx1 COMMIT (0 writes)',
      '24 b: locked 1',
    ]);
  });

  it("the port's isolation option begins a SERIALIZABLE transaction: a concurrent update of a row it read fails it with 40001", async () => {
    const f = pgFixture();
    f.server.setup(`insert into payments (key, status) values ('k1', 'new')`);
    f.start('a', 0, function* () {
      try {
        yield* f.port('a').transaction(
          function* (tx) {
            yield* tx.query('select status from payments where key = $1', ['k1']);
            yield* sleep(20);
            yield* tx.query('update payments set status = $2 where key = $1', ['k1', 'a']);
          },
          { isolation: 'serializable' },
        );
      } catch (error) {
        f.say(`a: ${errorLine(error)}`);
      }
    });
    f.start('b', 5, function* () {
      yield* f.port('b').query('update payments set status = $2 where key = $1', ['k1', 'b']);
    });
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '25 a/tx1 error 40001',
      '25 a/tx1 ROLLBACK (error, 0 writes discarded)',
      '28 a: DatabaseError 40001',
    ]);
  });

  it('refuses what it does not model with 0A000, and SET TRANSACTION after a query with 25001', async () => {
    const f = pgFixture();
    const refused = [
      'lock table payments',
      'select pg_advisory_xact_lock(1)',
      'savepoint s1',
      'select key from payments for update of payments',
      'begin read only',
      "set search_path = 'x'",
      "set lock_timeout = '1s'",
      'select p.key from payments p join payments q on p.key = q.key for update',
      'select count(*) from payments for update',
      'select key from (select key from payments for update) s',
      "with x as (update payments set status = 'y' returning key) select key from x",
      "update payments set status = 'y' from payments q where q.key = payments.key",
    ];
    const answers: string[] = [];
    f.start('a', 0, function* () {
      for (const sql of refused) answers.push(yield* codeOf(f.port('a').query(sql)));
      answers.push(
        yield* codeOf(
          f.port('a').transaction(function* (tx) {
            yield* tx.query('select 1');
            yield* tx.query('set transaction isolation level serializable');
          }),
        ),
      );
    });
    await f.sim.run();
    expect(answers).toEqual([...refused.map(() => '0A000'), '25001']);
  });

  it('refuses the same text on every send and in every later server (the server remembers only plain texts)', async () => {
    const texts = ['lock table payments', "set lock_timeout = '1s'", 'select key from payments'];
    const answers: string[] = [];
    for (const server of [1, 2]) {
      const f = pgFixture();
      f.start('a', 0, function* () {
        for (const round of [1, 2]) {
          for (const sql of texts)
            answers.push(`${server}.${round} ${yield* codeOf(f.port('a').query(sql))}`);
        }
      });
      await f.sim.run();
    }
    const expected = (prefix: string) => [`${prefix} 0A000`, `${prefix} 0A000`, `${prefix} ok`];
    expect(answers).toEqual([...expected('1.1'), ...expected('1.2'), ...expected('2.1'), ...expected('2.2')]);
  });
});

function* codeOf(query: Proc<unknown>): Proc<string> {
  try {
    yield* query;
    return 'ok';
  } catch (error) {
    return errorLine(error).replace('DatabaseError ', '');
  }
}
