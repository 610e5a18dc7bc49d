import { describe, expect, it } from 'vitest';
import { sleep } from '../../../src/engine/effects.js';
import { errorLine, pgFixture } from './pg-fixture.js';

const INSERT = 'insert into payments (key, status) values ($1, $2)';

describe('lock waits', () => {
  it('an autocommit INSERT also waits for an open transaction holding the key', async () => {
    const f = pgFixture();
    f.start('a', 0, () =>
      f.port('a').transaction(function* (tx) {
        yield* tx.query(INSERT, ['k1', 'in-progress']);
        yield* sleep(20);
      }),
    );
    f.start('b', 3, function* () {
      try {
        yield* f.port('b').query(INSERT, ['k1', 'in-progress']);
      } catch (error) {
        f.say(`b: ${errorLine(error)}`);
      }
    });
    await f.sim.run();
    expect(f.log()).toEqual([
      '1 a/tx1 BEGIN',
      '4 b autocommit waits for a/tx1',
      '25 a/tx1 COMMIT (1 writes)',
      '25 b autocommit error 23505',
      '26 b: DatabaseError 23505',
    ]);
  });

  it("two transactions inserting each other's keys deadlock; after deadlock_timeout one gets 40P01 and the other goes on", async () => {
    const f = pgFixture({ deadlockTimeoutMs: 1000 }, 5000);
    for (const [client, first, second] of [
      ['a', 'k1', 'k2'],
      ['b', 'k2', 'k1'],
    ] as const) {
      f.start(client, 0, function* () {
        try {
          yield* f.port(client).transaction(function* (tx) {
            yield* tx.query(INSERT, [first, client]);
            yield* sleep(10);
            yield* tx.query(INSERT, [second, client]);
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
      '15 a/tx1 waits for b/tx1',
      '15 b/tx1 waits for a/tx1',
      '1015 a/tx1 error 40P01',
      '1015 a/tx1 ROLLBACK (error, 1 writes discarded)',
      '1017 b/tx1 COMMIT (2 writes)',
      '1018 a: DatabaseError 40P01',
      '1018 b: committed',
    ]);
    expect(f.server.select('select key, status from payments order by key')).toEqual([
      { key: 'k1', status: 'b' },
      { key: 'k2', status: 'b' },
    ]);
  });

  it('refuses the connection while the database node is down', async () => {
    const f = pgFixture();
    f.world.node('db').crash();
    f.start('a', 0, function* () {
      try {
        yield* f.port('a').query('select 1');
      } catch (error) {
        f.say(`a: ${errorLine(error)}`);
      }
    });
    await f.sim.run();
    expect(f.log()).toEqual(['0 node.crash db', '2 a: CallRefusedError']);
  });
});
