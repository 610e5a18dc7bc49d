/**
 * The real Redis servers a replay runs on, as the replay sees them: an address, and, when the
 * harness runs the process itself (src/cli/conform/redis-*.ts), the controls a crash or a
 * failover needs. A server the user runs (`--redis URL`) has no controls: a replay on it compares
 * the plain commands and leaves crashes, failovers and eviction out by a named rule.
 */
import type { EvictionPolicy } from '../components/redis/key-space.js';
import type { PersistenceMode } from '../components/redis/persistence.js';

export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  /** The logical database (SELECT) the replay uses; it is empty when handed out. */
  readonly db: number;
}

/** How a real server must be configured to stand in for a schedule's server. */
export interface RealRedisConfig {
  /** none: `save ""`, appendonly no; rdb: `save ""` (the replay runs SAVE at the model's snapshot instants); aof-everysec: appendonly yes, appendfsync everysec. */
  readonly persistence: PersistenceMode;
  /** maxmemory-policy; the replay sets maxmemory itself (redis-eviction-replay.ts). */
  readonly maxMemoryPolicy: EvictionPolicy;
}

/** The controls of a redis-server process the harness started. */
export interface RedisProcess {
  /** SIGKILL, as a crashed process dies; resolves when it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; resolves when it has loaded its data. */
  restart(): Promise<void>;
  /** Starts a replica of this server (a new process, same configuration); resolves once it has synced. */
  startReplica(): Promise<RealRedis>;
}

export interface RealRedis {
  readonly endpoint: RedisEndpoint;
  /** Present when the harness runs the process; null for a server the user runs. */
  readonly process: RedisProcess | null;
  /** Hands it back: a shared database is flushed, a process the harness started is stopped and deleted. */
  release(): Promise<void>;
}

export interface RedisServers {
  /**
   * A server for one schedule. `dedicated`: the replay will kill it, fail it over or fill its
   * memory, so it must be a process of its own (when the harness can start one).
   */
  acquire(config: RealRedisConfig, dedicated: boolean): Promise<RealRedis>;
}
