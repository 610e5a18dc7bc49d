/**
 * A write asks whether it collides with another open transaction's uncommitted unique key by
 * running again beside that transaction's writes (read-committed.ts). A DELETE, or an UPDATE that
 * sets no column of a unique index, never can when every unique index is on plain columns of all
 * rows: the model skips that test then. It still runs it where an expression or a partial unique
 * index lets another column move a key, and waits there as PostgreSQL does.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { errorLine, pgFixture, type PgFixture } from './pg-fixture.js';

const TABLE = 'create table cards (key text primary key, note text, code text);';

/**
 * Client `a` inserts row k1 in a transaction and commits 20 ms later (at once if `aWaits` is
 * false); client `b` runs `sql` in a transaction meanwhile. Returns the fixture, run, and how many
 * statements pg-mem ran for b's statement.
 */
async function besideInsert(
  indexes: string,
  sql: string,
  aWaits = true,
): Promise<{ log: string[]; runs: number }> {
  const f: PgFixture = pgFixture();
  f.server.setup(`${TABLE} ${indexes} insert into cards values ('k0', 'dead', 'c')`);
  const a = f.port('a');
  const b = f.port('b');
  let runs = 0;
  f.start('a', 0, () =>
    a.transaction(function* (tx): Proc<void> {
      yield* tx.query("insert into cards values ('k1', 'live', 'c')", []);
      if (aWaits) yield* sleep(20);
    }),
  );
  f.start('b', 5, () =>
    (function* (): Proc<void> {
      try {
        yield* b.transaction(function* (tx): Proc<void> {
          const before = f.server.executions;
          yield* tx.query(sql, []);
          runs = f.server.executions - before;
        });
        f.say('b: done');
      } catch (error) {
        f.say(`b: ${errorLine(error)}`);
      }
    })(),
  );
  await f.sim.run();
  return { log: f.log(), runs };
}

const waits = (log: readonly string[]): boolean => log.some((line) => line.includes('b/tx1 waits for a/tx1'));

describe('the unique-key collision test of a write', () => {
  it('is skipped for an UPDATE of a column no unique index covers: as many pg-mem runs as with nobody beside it', async () => {
    const update = "update cards set note = 'seen' where key = 'k0'";
    const beside = await besideInsert('create unique index cards_code on cards (code, key);', update);
    const alone = await besideInsert('create unique index cards_code on cards (code, key);', update, false);
    expect(waits(beside.log)).toBe(false);
    expect(beside.runs).toBe(alone.runs);
  });

  it('is skipped for a DELETE', async () => {
    const remove = "delete from cards where key = 'k0'";
    const beside = await besideInsert('', remove);
    const alone = await besideInsert('', remove, false);
    expect(beside.runs).toBe(alone.runs);
  });

  it('still runs for an UPDATE of a unique column, which waits for the uncommitted key', async () => {
    const { log } = await besideInsert('', "update cards set key = 'k1' where key = 'k0'");
    expect(waits(log)).toBe(true);
    expect(log.at(-1)).toMatch(/ b: DatabaseError 23505$/);
  });

  it('still runs beside a partial unique index: setting the column of its WHERE brings a row under it, and waits', async () => {
    const partial = "create unique index cards_live_code on cards (code) where note = 'live';";
    const { log } = await besideInsert(partial, "update cards set note = 'live' where key = 'k0'");
    expect(waits(log)).toBe(true);
    expect(log.at(-1)).toMatch(/ b: DatabaseError 23505$/);
  });

  it('still runs beside an expression unique index: setting a column inside the expression moves the key, and waits', async () => {
    const expression = 'create unique index cards_lower_note on cards (lower(note));';
    const { log } = await besideInsert(expression, "update cards set note = 'LIVE' where key = 'k0'");
    expect(waits(log)).toBe(true);
    expect(log.at(-1)).toMatch(/ b: DatabaseError 23505$/);
  });
});
