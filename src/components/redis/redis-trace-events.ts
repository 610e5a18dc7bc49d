/**
 * The trace events a simulated Redis writes: what it ran for a call, keys expiring and evicted,
 * and what a crash, a failover and the boot after them kept (redis-server.ts, expiry-notices.ts,
 * cache-load.ts). Each names the Redis node first.
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging).
 */
import type { EvictionPolicy } from './key-space.js';
import type { CrashKind, PersistenceMode } from './persistence.js';

/** What a restart or failover kept of the key space. */
export interface RedisKeptFields {
  readonly keysBefore: number;
  readonly keysKept: number;
  /** Acknowledged writes lost; null when nothing was persisted to compare with. */
  readonly writesLost: number | null;
}

declare module '../../engine/trace.js' {
  interface TraceEvents {
    'redis.exec': {
      readonly node: string;
      /** The RPC id of the call it ran for; null for load the world generates. */
      readonly call: number | null;
      /** The command as text, long values cut (trace-text.ts). */
      readonly command: string;
      readonly reply: string;
    };
    'redis.expire': {
      readonly node: string;
      readonly key: string;
      /** The TTL it was given; null when not known (a key loaded at boot). */
      readonly ttlMs: number | null;
    };
    'redis.evict': {
      readonly node: string;
      readonly key: string;
      readonly policy: EvictionPolicy;
      readonly usedBytes: number;
    };
    'redis.crash': {
      readonly node: string;
      readonly crash: CrashKind;
      readonly persistence: PersistenceMode;
    } & RedisKeptFields;
    'redis.failover': { readonly node: string } & RedisKeptFields;
    'redis.boot': {
      readonly node: string;
      /** 2 for the first boot after a crash. */
      readonly incarnation: number;
      /** Where the key space came from: "replica", a persistence mode, or "nothing". */
      readonly from: string;
      readonly keys: number;
    };
    'redis.cache-load': {
      readonly node: string;
      readonly written: number;
      readonly refused: number;
      /** The last refusal's error; empty when none was refused. */
      readonly lastError: string;
    };
  }
}
