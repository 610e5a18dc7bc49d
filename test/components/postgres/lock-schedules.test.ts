/**
 * The locking schedules (test/fixtures/pg-lock-schedules.ts) on the model: every answer and every
 * wait, in order, as PostgreSQL 15 gives them. test/conformance/lock-schedules-conform.test.ts
 * replays the same schedules on a real PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { LOCK_SCHEDULES } from '../../fixtures/pg-lock-schedules.js';
import { playLockSchedule } from '../../fixtures/play-lock-schedule.js';

describe('locking schedules on the model', () => {
  for (const schedule of LOCK_SCHEDULES) {
    it(schedule.name, async () => {
      expect((await playLockSchedule(schedule)).lines).toEqual(schedule.expected);
    });
  }
});
