/**
 * A co-tenant filling the same Redis with cache entries, the usual way idempotency keys end up
 * competing for memory with data that is not theirs.
 *
 * The writer runs on the Redis node itself (its traffic does not cross the simulated network) and
 * goes through the same command path as any client, so it triggers eviction and meets OOM like
 * one. It stops when the node crashes. Its commands are not traced one by one; evictions are, and
 * a summary is recorded at the end.
 */
import { sleep, type Proc } from '../../engine/effects.js';
import type { RedisServer } from './redis-server.js';

/** A type, not an interface, so that a fault carrying it fits the nemesis's open fault shape. */
export type CacheLoad = {
  /** How many keys to write. No default. */
  readonly keys: number;
  /** Length of each value, bytes. No default. */
  readonly valueBytes: number;
  /** TTL of each key, ms; default none (plain cache entries that only eviction removes). */
  readonly ttlMs?: number;
  /** Writes per second of virtual time; default: all at the same instant. */
  readonly writesPerSec?: number;
  /** Prefix of the keys, numbered from 0. Default 'cache:'. */
  readonly keyPrefix?: string;
};

export function startCacheLoad(server: RedisServer, load: CacheLoad): void {
  // A process spawned on a crashed node would run (the kill happened before it existed).
  if (server.node.state === 'crashed') {
    summarise(server, 0, load.keys, 'node down');
    return;
  }
  server.node.spawn(writeCache(server, load), `${server.name}/cache-load`, undefined);
}

function* writeCache(server: RedisServer, load: CacheLoad): Proc {
  const value = 'c'.repeat(load.valueBytes);
  const expiry = load.ttlMs === undefined ? [] : ['PX', load.ttlMs];
  const prefix = load.keyPrefix ?? 'cache:';
  const gapMs = load.writesPerSec === undefined ? 0 : 1000 / load.writesPerSec;
  let refused = 0;
  let lastError = '';
  for (let index = 0; index < load.keys; index++) {
    if (index > 0 && gapMs > 0) yield* sleep(gapMs);
    const reply = yield* server.execute('SET', [`${prefix}${index}`, value, ...expiry], false);
    if (!reply.ok) {
      refused++;
      lastError = reply.error;
    }
  }
  summarise(server, load.keys - refused, refused, lastError);
}

function summarise(server: RedisServer, written: number, refused: number, lastError: string): void {
  const { sim } = server.world;
  if (sim.trace.enabled)
    sim.trace.record(sim.now, 'redis.cache-load', { node: server.name, written, refused, lastError });
}
