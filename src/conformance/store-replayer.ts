/**
 * What `idemsim conform` needs of one store to check its model against a real server: which
 * schedules a run recorded for it, and how to replay one on a real server. PostgreSQL's is
 * postgres-replayer.ts; Redis's plugs in beside it.
 */
import type { Outcome } from '../experiment/run-experiment.js';
import type { ConformStore, ScheduleConformance, ScheduleOrigin } from './conformance-report.js';
import type { RedisServers } from './redis-servers.js';

/** A real server to replay on: a connection URL (the replay makes its own throw-away database or keyspace there). */
export interface ReplayServer {
  readonly url: string;
  /**
   * Redis only: the real servers a schedule needs beyond one connection (a process to kill and
   * restart, a primary with a replica to promote, one with the schedule's memory budget).
   */
  readonly redisServers?: RedisServers;
}

export interface StoreReplayer<Schedule = unknown> {
  readonly store: ConformStore;
  /** The schedules the run recorded for this store (one per server node); none if it recorded none. */
  schedulesOf(outcome: Outcome): readonly Schedule[];
  /** Replays one schedule on `server`, starting from an empty database (or keyspace). */
  replay(schedule: Schedule, server: ReplayServer, origin: ScheduleOrigin): Promise<ScheduleConformance>;
  /** Removes whatever the replays made on their servers (databases, connections). */
  close(): Promise<void>;
}
