/**
 * The waits of READ COMMITTED, as measured on a real PostgreSQL 15 server:
 * two duplicates 1 ms apart, a charge modelled as 20 ms of work, 1 ms links.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import type { DatabasePort, Queryable } from '../../../src/components/port/database-port.js';
import { errorLine, pgFixture, type PgFixture } from './pg-fixture.js';

const SELECT = 'select status from payments where key = $1';
const INSERT = 'insert into payments (key, status) values ($1, $2)';
const CLAIM = 'insert into payments (key, status) values ($1, $2) on conflict (key) do nothing returning key';

/** The guide's check-then-insert: SELECT the key; if absent, charge, then INSERT it. */
function naive(f: PgFixture, client: 'a' | 'b', db: Queryable): Proc<void> {
  return (function* () {
    const found = yield* db.query(SELECT, ['k1']);
    if (found.rowCount > 0) return f.say(`${client}: replays`);
    f.say(`${client}: SELECT missed, charging`);
    yield* sleep(20);
    yield* db.query(INSERT, ['k1', 'done']);
  })();
}

function* report(f: PgFixture, client: string, body: Proc<void>): Proc<void> {
  try {
    yield* body;
    f.say(`${client}: done`);
  } catch (error) {
    f.say(`${client}: ${errorLine(error)}`);
  }
}

describe('READ COMMITTED waits', () => {
  it('naive check-then-insert in a transaction: both SELECTs miss, the loser blocks until the winner commits, then 23505', async () => {
    const f = pgFixture();
    for (const [client, atMs] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      const db = f.port(client);
      f.start(client, atMs, () =>
        report(
          f,
          client,
          db.transaction((tx) => naive(f, client, tx)),
        ),
      );
    }
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 a: SELECT missed, charging',
      '5 b: SELECT missed, charging',
      // a's INSERT ran at 25; b's arrives at 26 and waits on a's uncommitted key.
      '26 b/tx1 waits for a/tx1',
      '27 a/tx1 COMMIT (1 writes)',
      '27 b/tx1 error 23505',
      '27 b/tx1 ROLLBACK (error, 0 writes discarded)',
      '28 a: done',
      '30 b: DatabaseError 23505',
    ]);
  });

  it('naive check-then-insert in autocommit: the loser gets 23505 at once', async () => {
    const f = pgFixture();
    for (const [client, atMs] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      const db = f.port(client);
      f.start(client, atMs, () => report(f, client, naive(f, client, db)));
    }
    await f.sim.run();
    expect(f.log()).toEqual([
      '2 a: SELECT missed, charging',
      '3 b: SELECT missed, charging',
      // a's INSERT committed on arrival at 23; b's arrives at 24.
      '24 b autocommit error 23505',
      '24 a: done',
      '25 b: DatabaseError 23505',
    ]);
  });

  it('claim first with ON CONFLICT DO NOTHING RETURNING in autocommit: one winner; the loser gets zero rows, no error', async () => {
    const f = pgFixture();
    for (const [client, atMs] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      const db = f.port(client);
      f.start(client, atMs, function* () {
        const claim = yield* db.query(CLAIM, ['k1', 'in-progress']);
        f.say(`${client}: ${claim.rowCount} rows ${JSON.stringify(claim.rows)}`);
      });
    }
    await f.sim.run();
    expect(f.log()).toEqual(['2 a: 1 rows [{"key":"k1"}]', '3 b: 0 rows []']);
  });

  it('claim first inside transactions: the loser blocks until the winner commits, then gets zero rows', async () => {
    const f = claimRace('commit');
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 b/tx1 waits for a/tx1',
      '4 a: claimed 1 rows',
      '25 a/tx1 COMMIT (1 writes)',
      '26 b: claimed 0 rows',
      '27 b/tx1 COMMIT (0 writes)',
    ]);
  });

  it('claim first inside transactions: if the winner rolls back, the blocked loser wins the claim', async () => {
    const f = claimRace('rollback');
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 b/tx1 waits for a/tx1',
      '4 a: claimed 1 rows',
      '25 a/tx1 ROLLBACK (client, 1 writes discarded)',
      '26 a: rolled back',
      '26 b: claimed 1 rows',
      '27 b/tx1 COMMIT (1 writes)',
    ]);
    expect(f.server.select('select key, status from payments')).toEqual([
      { key: 'k1', status: 'in-progress' },
    ]);
  });

  it("a client's crash rolls back its transaction and releases the statement waiting on it", async () => {
    const f = claimRace('crash');
    f.sim.schedule(10, () => f.world.node('a').crash());
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 b/tx1 waits for a/tx1',
      '4 a: claimed 1 rows',
      '10 node.crash a',
      '11 a/tx1 ROLLBACK (client-crash, 1 writes discarded)',
      '12 b: claimed 1 rows',
      '13 b/tx1 COMMIT (1 writes)',
    ]);
  });

  it('UPDATE takes a row lock: a concurrent increment waits for the first to commit, then updates the newest value', async () => {
    const f = pgFixture();
    f.server.setup(`insert into payments (key, status, amount) values ('k1', 'open', 1)`);
    for (const [client, atMs] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      f.start(client, atMs, () =>
        f.port(client).transaction(function* (tx) {
          const updated = yield* tx.query(
            'update payments set amount = amount + 1 where key = $1 returning amount',
            ['k1'],
          );
          f.say(`${client}: sees amount ${String(updated.rows[0]?.['amount'])}`);
          yield* sleep(5);
        }),
      );
    }
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 b/tx1 waits for a/tx1 (no key update)',
      '4 a: sees amount 2',
      '10 a/tx1 COMMIT (1 writes)',
      '11 b: sees amount 3',
      '17 b/tx1 COMMIT (1 writes)',
    ]);
    expect(f.server.select('select amount from payments')).toEqual([{ amount: 3 }]);
  });

  it('a partitioned client keeps its transaction and locks until idle_in_transaction_session_timeout', async () => {
    const f = pgFixture({ idleInTransactionTimeoutMs: 100 }, 50);
    claimRaceOn(f, 'commit');
    f.sim.schedule(10, () => f.world.network.cut(['a'], ['db']));
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '2 b/tx1 BEGIN',
      '4 b/tx1 waits for a/tx1',
      '4 a: claimed 1 rows',
      // a's COMMIT (sent at 24) is lost. b times out at 53; its ROLLBACK queues behind its claim.
      '103 a/tx1 ROLLBACK (idle-timeout, 1 writes discarded)',
      // b's ROLLBACK times out too (sent at 53); on the server, b's claim goes through at
      // last, and the queued ROLLBACK undoes it.
      '103 b: CallTimeoutError',
      '103 b/tx1 ROLLBACK (client, 1 writes discarded)',
      // a's ROLLBACK (sent at 74, when its COMMIT timed out) is lost too.
      '124 a: CallTimeoutError',
    ]);
  });
});

/** a claims k1 in a transaction, works 20 ms, then commits or rolls back; b claims 1 ms later. */
function claimRace(end: 'commit' | 'rollback' | 'crash'): PgFixture {
  const f = pgFixture();
  claimRaceOn(f, end);
  return f;
}

function claimRaceOn(f: PgFixture, end: 'commit' | 'rollback' | 'crash'): void {
  const claim = (client: 'a' | 'b', db: DatabasePort, workMs: number): Proc<void> =>
    db.transaction(function* (tx) {
      const claimed = yield* tx.query(CLAIM, ['k1', 'in-progress']);
      f.say(`${client}: claimed ${claimed.rowCount} rows`);
      yield* sleep(workMs);
      if (client === 'a' && end === 'rollback') throw new Error('charge failed');
    });
  f.start('a', 0, function* () {
    try {
      yield* claim('a', f.port('a'), 20);
    } catch (error) {
      f.say(
        error instanceof Error && error.message === 'charge failed'
          ? 'a: rolled back'
          : `a: ${errorLine(error)}`,
      );
    }
  });
  f.start('b', 1, function* () {
    try {
      yield* claim('b', f.port('b'), 0);
    } catch (error) {
      f.say(`b: ${errorLine(error)}`);
    }
  });
}
