/**
 * What one simulated Redis server executed, as data: the schedule a conformance replay issues
 * against a real Redis (src/conformance/redis-*.ts).
 *
 * Recorded at the server boundary (redis-server.ts, through schedule-recorder.ts), in the order
 * things happened: each command with its arguments as on the wire, the virtual time it executed and
 * the model's reply, and the store's own events (a key's expiry, an eviction, a crash with the
 * persistence mode, a failover with the keys the promoted replica lacked, a boot with what it
 * loaded). Values are strings, as Redis stores them; the co-tenant's cache load is recorded like any
 * client's commands (it competes for the same memory), marked `local`.
 */
import type { EvictionPolicy } from './key-space.js';
import type { CrashKind, PersistenceMode } from './persistence.js';
import type { RedisReply } from './redis-protocol.js';

/** A key's state as the model holds it: the value and the first virtual ms it is gone (null: no TTL). */
export interface RecordedEntry {
  readonly value: string;
  readonly expireAtMs: number | null;
}

/** A key and its state after a command or at a boot; null: the key does not exist. */
export type RecordedKey = readonly [key: string, entry: RecordedEntry | null];

/** The server's settings, as the replay must configure a real one. */
export interface RedisScheduleConfig {
  readonly persistence: PersistenceMode;
  /** With 'rdb': ms between snapshots, counted from each boot. */
  readonly snapshotIntervalMs: number;
  /** ms the replica trails the primary; null: no replica. */
  readonly replicationLagMs: number | null;
  /** maxmemory in the model's bytes (key-size.ts); null: no limit. */
  readonly maxMemoryBytes: number | null;
  readonly maxMemoryPolicy: EvictionPolicy;
}

export type RedisStep =
  | {
      readonly kind: 'command';
      readonly atMs: number;
      /** Upper-case name as sent ("SET"). */
      readonly command: string;
      /** Arguments as strings, as on the wire. */
      readonly args: readonly string[];
      readonly reply: RedisReply;
      /** 'client': it came over the network; 'local': the co-tenant's cache load on the node itself. */
      readonly source: 'client' | 'local';
      /** For a command that may write: each key it named or changed, with its state afterwards. */
      readonly writes?: readonly RecordedKey[];
    }
  | {
      /** Active expiry removed the key (at `atMs`; it was gone from `expireAtMs` on). */
      readonly kind: 'expire';
      readonly atMs: number;
      readonly key: string;
      readonly expireAtMs: number;
    }
  | {
      readonly kind: 'evict';
      readonly atMs: number;
      readonly key: string;
      /** Whether the key carried a TTL (volatile-lru may evict only those). */
      readonly hadTtl: boolean;
    }
  | {
      readonly kind: 'crash';
      readonly atMs: number;
      readonly crash: CrashKind;
      readonly persistence: PersistenceMode;
      /** Keys whose last write the disk did not hold (what a restart will lack), sorted. */
      readonly lost: readonly string[];
    }
  | {
      /** The primary died and its replica is promoted. */
      readonly kind: 'failover';
      readonly atMs: number;
      /** Keys whose last write the replica had not received, sorted. */
      readonly lacked: readonly string[];
    }
  | {
      readonly kind: 'boot';
      readonly atMs: number;
      readonly from: 'nothing' | 'replica' | PersistenceMode;
      /** Every key loaded, sorted by key. */
      readonly image: readonly RecordedKey[];
    };

export interface RedisSchedule {
  /** The simulated node ("redis"). */
  readonly node: string;
  readonly config: RedisScheduleConfig;
  readonly steps: readonly RedisStep[];
}
