/**
 * Redis's part of `idemsim conform`: the schedules a run's Redis servers recorded, replayed on
 * real redis-server processes (redis-replay.ts) through the harness the server entry started.
 * A schedule without a single command (a strategy that never talks to Redis) has nothing to
 * compare and is not replayed.
 */
import type { RedisSchedule } from '../components/redis/schedule-types.js';
import type { Outcome } from '../experiment/run-experiment.js';
import { replayRedisSchedule } from './redis-replay.js';
import type { ReplayServer, StoreReplayer } from './store-replayer.js';
import type { WallClock } from './wall-clock.js';

export function redisReplayer(clock: WallClock): StoreReplayer<RedisSchedule> {
  return {
    store: 'redis',
    schedulesOf: (outcome: Outcome) =>
      (outcome.storeSchedules?.redis ?? []).filter((schedule) => sendsCommands(schedule)),
    replay(schedule, server: ReplayServer, origin) {
      if (server.redisServers === undefined) {
        throw new Error('a Redis replay needs the harness of real servers (ReplayServer.redisServers)');
      }
      return replayRedisSchedule(schedule, origin, server.redisServers, clock);
    },
    // The harness that owns the processes is stopped by whoever started it.
    close: async () => {},
  };
}

export function sendsCommands(schedule: RedisSchedule): boolean {
  return schedule.steps.some((step) => step.kind === 'command');
}
