/**
 * The knobs of a Redis replay and the shape of its result (redis-replay.ts).
 */
import type { ScheduleConformance } from './conformance-report.js';

export interface RedisReplayOptions {
  /** Gaps of virtual time up to this are slept through in real time; longer ones are jumped, ms. Default 250. */
  readonly realTimeGapMsMax?: number;
  /** How far a real deadline or PTTL may lie from the model's and still agree, ms. Default 50. */
  readonly expiryToleranceMs?: number;
  /** Virtual time between two comparisons of the whole database, ms. Default 1000. */
  readonly datasetCheckEveryMs?: number;
}

/** What a replay compared, by kind of check. */
export type RedisCheck = 'command' | 'expiry' | 'restart' | 'failover' | 'eviction';

export interface RedisScheduleConformance extends ScheduleConformance {
  /** Compared steps by kind (they sum to `compared`). */
  readonly checks: Readonly<Record<RedisCheck, number>>;
}

export const REDIS_REPLAY_DEFAULTS: Required<RedisReplayOptions> = {
  realTimeGapMsMax: 250,
  expiryToleranceMs: 50,
  datasetCheckEveryMs: 1000,
};
