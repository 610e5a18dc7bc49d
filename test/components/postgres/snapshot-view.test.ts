/**
 * The snapshot view of a REPEATABLE READ transaction whose own writes took a unique key that a
 * later commit freed (snapshot-view.ts), where the model answers otherwise than PostgreSQL 15
 * (the schedules where it answers the same are in test/fixtures/pg-lock-schedules.ts, replayed
 * on a real server by the conformance suite).
 */
import { describe, expect, it } from 'vitest';
import { KEYS, SEED, type ScheduleStep, step } from '../../fixtures/pg-lock-schedules.js';
import { playLockSchedule } from '../../fixtures/play-lock-schedule.js';

async function answers(setup: readonly string[], steps: readonly ScheduleStep[]): Promise<readonly string[]> {
  return (await playLockSchedule({ name: 'snapshot-view', setup, steps, expected: [] })).lines;
}

describe('snapshot view over a key a later commit freed', () => {
  it('leaves out only the old row whose key its own INSERT took, not another row changed since', async () => {
    const lines = await answers(
      [KEYS, SEED],
      [
        step(0, 'a', 'BEGIN ISOLATION LEVEL REPEATABLE READ'),
        step(0, 'a', 'SELECT count(*)::int AS n FROM keys'),
        step(10, 'b', 'UPDATE keys SET amount = 5 WHERE key = $1', ['k2']),
        step(10, 'b', 'DELETE FROM keys WHERE key = $1', ['k3']),
        step(20, 'a', 'INSERT INTO keys (key, state) VALUES ($1, $2)', ['k3', 'a']),
        step(20, 'a', 'SELECT key, state, amount FROM keys ORDER BY key'),
        step(20, 'a', 'COMMIT'),
      ],
    );
    // PostgreSQL also shows the old k3 ('new'): the model's view holds one row per key.
    expect(lines).toEqual([
      'a: BEGIN 0 []',
      'a: SELECT 1 [{"n":3}]',
      'b: UPDATE 1 []',
      'b: DELETE 1 []',
      'a: INSERT 1 []',
      'a: SELECT 3 [{"key":"k1","state":"new","amount":0},{"key":"k2","state":"new","amount":0},{"key":"k3","state":"a","amount":0}]',
      'a: COMMIT 0 []',
    ]);
  });

  it('fails with 40001 where it cannot show its writes on the snapshot at all', async () => {
    const lines = await answers(
      [
        'create table parents (id text primary key)',
        'create table children (id text primary key, parent text not null references parents (id))',
      ],
      [
        step(0, 'a', 'BEGIN ISOLATION LEVEL REPEATABLE READ'),
        step(0, 'a', 'SELECT count(*)::int AS n FROM parents'),
        step(10, 'b', "INSERT INTO parents (id) VALUES ('p1')"),
        step(20, 'a', "INSERT INTO children (id, parent) VALUES ('c1', 'p1')"),
        step(20, 'a', 'SELECT id, parent FROM children'),
        step(20, 'a', 'ROLLBACK'),
      ],
    );
    // PostgreSQL's foreign key check reads the snapshot, which has no p1: the INSERT fails with 23503.
    expect(lines).toEqual([
      'a: BEGIN 0 []',
      'a: SELECT 1 [{"n":0}]',
      'b: INSERT 1 []',
      'a: INSERT 1 []',
      'a: error 40001',
      'a: ROLLBACK 0 []',
    ]);
  });
});
