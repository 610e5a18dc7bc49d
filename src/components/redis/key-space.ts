/**
 * What the server knows about each live key besides its value: its size, when it was last used,
 * when it expires. ioredis-mock has no memory accounting, LRU clock or active expiry, so the
 * server keeps them here.
 *
 * Keys live in two maps, with and without a TTL, each in least-recently-used-first order (a Map
 * keeps insertion order; a use re-inserts). That makes volatile-lru and allkeys-lru O(1). Redis
 * approximates LRU by sampling five keys (maxmemory-samples) on a clock of 1 s resolution; the
 * model evicts the exact least recently used key, which is deterministic and the limit Redis's
 * sampling approaches.
 */
import { EventQueue } from '../../engine/event-queue.js';
import { keySizeBytes } from './key-size.js';
import type { StoredEntry } from './mock-store.js';

export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'volatile-lru';

interface KeyInfo {
  readonly sizeBytes: number;
  readonly lastUsedMs: number;
  readonly expireAtMs: number | null;
}

interface Expiry {
  readonly time: number;
  readonly seq: number;
  readonly key: string;
}

export class KeySpace {
  private readonly volatile = new Map<string, KeyInfo>();
  private readonly persistent = new Map<string, KeyInfo>();
  /** Expiry times; an entry is stale when the key's current expiry differs. */
  private readonly expiries = new EventQueue<Expiry>();
  private nextSeq = 0;
  private used = 0;

  /** Bytes the live keys take, by the model in key-size.ts. */
  get usedBytes(): number {
    return this.used;
  }

  get count(): number {
    return this.volatile.size + this.persistent.size;
  }

  /** Every key, least recently used first within each kind (keys with a TTL first). */
  keys(): string[] {
    return [...this.volatile.keys(), ...this.persistent.keys()];
  }

  /** Records a key's state after a command used it (null: it is gone). */
  update(key: string, entry: StoredEntry | null, nowMs: number): void {
    const before = this.volatile.get(key) ?? this.persistent.get(key);
    if (before !== undefined) this.forget(key, before);
    if (entry === null) return;
    const hasTtl = entry.expireAtMs !== null;
    const sizeBytes = keySizeBytes(key, entry.value, hasTtl);
    const info: KeyInfo = { sizeBytes, lastUsedMs: nowMs, expireAtMs: entry.expireAtMs };
    (hasTtl ? this.volatile : this.persistent).set(key, info);
    this.used += info.sizeBytes;
    if (entry.expireAtMs !== null && entry.expireAtMs !== before?.expireAtMs) {
      this.expiries.push({ time: entry.expireAtMs, seq: this.nextSeq++, key });
    }
  }

  remove(key: string): void {
    const info = this.volatile.get(key) ?? this.persistent.get(key);
    if (info !== undefined) this.forget(key, info);
  }

  /** The key's expiry (first virtual ms at which it is gone); null: no TTL; undefined: no such key. */
  expiryOf(key: string): number | null | undefined {
    return (this.volatile.get(key) ?? this.persistent.get(key))?.expireAtMs;
  }

  /** Removes and returns the keys that have expired by `nowMs` (Redis's active expiry), with their expiry. */
  takeExpired(nowMs: number): Array<{ readonly key: string; readonly expireAtMs: number }> {
    const clockMs = Math.floor(nowMs);
    const expired: Array<{ readonly key: string; readonly expireAtMs: number }> = [];
    for (
      let next = this.expiries.peek();
      next !== undefined && next.time <= clockMs;
      next = this.expiries.peek()
    ) {
      this.expiries.pop();
      const info = this.volatile.get(next.key);
      if (info?.expireAtMs !== next.time) continue;
      this.forget(next.key, info);
      expired.push({ key: next.key, expireAtMs: next.time });
    }
    return expired;
  }

  /** The key the policy would evict next, if any. */
  evictionCandidate(policy: EvictionPolicy): string | undefined {
    if (policy === 'noeviction') return undefined;
    const oldestVolatile = first(this.volatile);
    if (policy === 'volatile-lru') return oldestVolatile?.[0];
    const oldestPersistent = first(this.persistent);
    if (oldestVolatile === undefined) return oldestPersistent?.[0];
    if (oldestPersistent === undefined) return oldestVolatile[0];
    return oldestPersistent[1].lastUsedMs < oldestVolatile[1].lastUsedMs
      ? oldestPersistent[0]
      : oldestVolatile[0];
  }

  private forget(key: string, info: KeyInfo): void {
    (info.expireAtMs === null ? this.persistent : this.volatile).delete(key);
    this.used -= info.sizeBytes;
  }
}

function first<V>(map: Map<string, V>): [string, V] | undefined {
  for (const entry of map) return entry;
  return undefined;
}
