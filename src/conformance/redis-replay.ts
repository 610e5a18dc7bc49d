/**
 * Replays one recorded Redis schedule (components/redis/schedule-types.ts) on a real Redis 7 and
 * says where it agrees with the model. What is compared, step by step (redis-replay-session.ts;
 * the dataset at expiry in redis-dataset-check.ts, restarts and failovers in
 * redis-store-events.ts):
 *
 * - command: every command, with the arguments the model saw, gets the same reply (a PTTL within
 *   the expiry tolerance, since it counts down in real time).
 * - expiry: time passes on the real server as it did in the simulation: gaps of virtual time up to
 *   `realTimeGapMsMax` in real time, longer ones jumped by moving every real deadline
 *   (redis-warped-clock.ts). When a key's model deadline passes, the real key must be gone; every
 *   `datasetCheckEveryMs` of virtual time and at the end, the real database must hold the model's
 *   keys, values and deadlines (PEXPIRETIME within `expiryToleranceMs` of the model's).
 * - restart: the server is SIGKILLed where the model crashed it, with the same persistence
 *   (appendonly yes + appendfsync everysec; or RDB, with SAVE at the model's snapshot instants, as
 *   a save point fires on a real server; or none), restarted, and what it loaded must be the
 *   model's boot image.
 * - failover: a real replica follows the primary; `replicationLagMs` of virtual time before the
 *   model's failover, the replay waits for the replica to have everything (WAIT) and cuts it off
 *   (REPLICAOF NO ONE), so it lacks exactly the writes the model's lagging replica lacks; the
 *   primary is SIGKILLed at the failover and the promoted replica must hold the model's image.
 * - eviction: the real server gets the schedule's maxmemory-policy, and a maxmemory calibrated to
 *   its own used_memory when the model first runs out; each key either side evicts must be of the
 *   class the policy allows (volatile-lru: keys with a TTL; noeviction: none, the writes refused
 *   with OOM). Which keys and how many are not compared (rule eviction-sampled).
 *
 * Where the real server cannot be made to mirror the model, a named rule of
 * redis-exclusion-rules.ts leaves the comparison out and counts it. The first divergence ends the
 * replay.
 */
import type { WallClock } from './wall-clock.js';
import type { RedisSchedule } from '../components/redis/schedule-types.js';
import type { ScheduleOrigin } from './conformance-report.js';
import {
  REDIS_REPLAY_DEFAULTS,
  type RedisReplayOptions,
  type RedisScheduleConformance,
} from './redis-replay-options.js';
import { ReplaySession } from './redis-replay-session.js';
import type { RedisServers } from './redis-servers.js';

/** Replays `schedule` on a server from `servers` (released afterwards, also on error). */
export async function replayRedisSchedule(
  schedule: RedisSchedule,
  origin: ScheduleOrigin,
  servers: RedisServers,
  clock: WallClock,
  options: RedisReplayOptions = {},
): Promise<RedisScheduleConformance> {
  const session = new ReplaySession(schedule, { ...REDIS_REPLAY_DEFAULTS, ...options }, clock);
  const counts = await session.run(servers);
  return { store: 'redis', origin, ...counts };
}
