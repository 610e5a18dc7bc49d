/**
 * The locking schedules (test/fixtures/pg-lock-schedules.ts: FOR UPDATE waits, NOWAIT, SKIP
 * LOCKED, UPDATE/DELETE waits with re-check, the lock strengths, lock_timeout, statement_timeout,
 * REPEATABLE READ and SERIALIZABLE failures) replayed on a real PostgreSQL 15 through the replay
 * `idemsim conform` uses: each is played on the simulated server with recording on, and the
 * recorded schedule (statements, the model's answers, its waits with their lock kind, the final
 * rows) is replayed on a fresh database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  clusterUnavailable,
  startCluster,
  type PostgresCluster,
} from '../../src/cli/conform/postgres-cluster.js';
import { modelSwitches } from '../../src/components/postgres/model-switches.js';
import type { PgSchedule } from '../../src/components/postgres/schedule-format.js';
import type { ScheduleConformance } from '../../src/conformance/conformance-report.js';
import { systemWallClock } from '../../src/cli/conform/system-wall-clock.js';
import { postgresReplayer } from '../../src/conformance/postgres-replayer.js';
import { LOCK_SCHEDULES, type LockSchedule } from '../fixtures/pg-lock-schedules.js';
import { playLockSchedule } from '../fixtures/play-lock-schedule.js';
import { describeIfAvailable } from '../support/describe-if-available.js';

const PORT = 55601;

async function recorded(schedule: LockSchedule): Promise<PgSchedule> {
  const played = await playLockSchedule(schedule, true);
  // The model still gives the answers pglocks checked by hand: the recording is of the right run.
  expect(played.lines).toEqual(schedule.expected);
  return played.recorded as PgSchedule;
}

describeIfAvailable('the locking schedules on a real PostgreSQL 15', clusterUnavailable(), () => {
  let cluster: PostgresCluster;
  const replayer = postgresReplayer(systemWallClock);
  const replay = async (schedule: LockSchedule): Promise<ScheduleConformance> =>
    replayer.replay(
      await recorded(schedule),
      { url: cluster.url },
      {
        scenario: schedule.name,
        strategy: 'lock-schedule',
        seed: 1,
      },
    );
  beforeAll(async () => {
    cluster = await startCluster({ port: PORT });
  }, 60_000);
  afterAll(async () => {
    await replayer.close();
    await cluster?.stop();
  }, 30_000);

  it('every schedule agrees on every step, every wait included', async () => {
    const lines: string[] = [];
    for (const schedule of LOCK_SCHEDULES) {
      const result = await replay(schedule);
      lines.push(
        `${schedule.name}: ${result.compared} compared, ${result.agreed} agreed, waits ${JSON.stringify(result.waits)}`,
      );
      expect(result.divergence, schedule.name).toBeUndefined();
      expect(result.agreed, schedule.name).toBe(result.compared);
      const waits = Object.values(result.waits ?? {}).reduce((sum, count) => sum + count, 0);
      const expectedWaits = schedule.expected.filter((line) => / waits for /.test(line)).length;
      expect(waits, `${schedule.name}: waits compared`).toBe(expectedWaits);
    }
    process.stdout.write(`lock schedules on PostgreSQL 15:\n  ${lines.join('\n  ')}\n`);
    expect(lines).toHaveLength(15);
  }, 120_000);

  it('a model whose FOR UPDATE locks nothing diverges at the wait, and the real side names the FOR UPDATE row lock', async () => {
    const schedule = LOCK_SCHEDULES.find(({ name }) => name === 'for-update-waits') as LockSchedule;
    modelSwitches.forUpdateLocks = false;
    let played: Awaited<ReturnType<typeof playLockSchedule>>;
    try {
      played = await playLockSchedule(schedule, true);
    } finally {
      modelSwitches.forUpdateLocks = true;
    }
    const result = await replayer.replay(
      played.recorded as PgSchedule,
      { url: cluster.url },
      {
        scenario: schedule.name,
        strategy: 'lock-schedule',
        seed: 1,
      },
    );
    expect(result.divergence?.what).toBe('lock wait: the model answered at once, the real server waits');
    expect(result.divergence?.model).toBe('SELECT 1 [{"key":"k1","state":"new"}]');
    expect(result.divergence?.real).toMatch(
      /^still waiting on a FOR UPDATE row lock, blocked by backend \d+ \(a\)$/,
    );
    expect(result.divergence?.around.filter((line) => line.startsWith('>'))).toHaveLength(1);
  }, 60_000);
});
