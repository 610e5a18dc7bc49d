/**
 * Traces each TTL expiry of a key at the virtual time it happens ("redis.expire"), so a story can
 * say when a lock ran out, not just that a later SET NX found the key free.
 *
 * The model removes an expired key only when something next looks (key-space.ts: active expiry
 * before each command), which is not when it expired. So each traced command that gives a key a
 * new expiry arms a notice: a simulation observer at that expiry, which only records, and only if
 * the key still has that expiry then. It changes nothing and keeps no run going; with the trace
 * off no notice is armed, and the outcome is the same. A key overwritten, deleted, evicted or
 * given another TTL before then reports nothing (an eviction, restart or failover is traced as
 * what it is); a crash voids every pending notice. Keys set by untraced commands (the co-tenant
 * cache load) are not watched.
 */
import type { Simulation } from '../../engine/simulation.js';

export class ExpiryNotices {
  /** Per key, the expiry whose notice is pending (first virtual ms at which the key is gone). */
  private readonly armed = new Map<string, { readonly expireAtMs: number; readonly ttlMs: number | null }>();
  /** Bumped when the server loses its memory: notices scheduled before then are void. */
  private epoch = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly node: string,
    /** The key's current expiry in the server's key space (null: no TTL; undefined: no key). */
    private readonly expiryOf: (key: string) => number | null | undefined,
  ) {}

  /**
   * After a traced command left `key` expiring at `expireAtMs`. `ttlMs` is the TTL it was given,
   * or null when not known (a key loaded at boot).
   */
  arm(key: string, expireAtMs: number, ttlMs: number | null): void {
    if (!this.sim.trace.enabled) return;
    const pending = this.armed.get(key);
    this.armed.set(key, { expireAtMs, ttlMs });
    if (pending?.expireAtMs === expireAtMs) return; // its notice is already scheduled
    const epoch = this.epoch;
    this.sim.observe(
      Math.max(0, expireAtMs - this.sim.now),
      () => this.due(epoch, key, expireAtMs),
      `${this.node}:expire`,
    );
  }

  /** Active expiry removed the key before its notice ran (a command at the very same instant). */
  taken(key: string, expireAtMs: number): void {
    this.report(key, expireAtMs);
  }

  /** The server's memory is gone (crash, failover): pending notices are stale. */
  disarmAll(): void {
    this.armed.clear();
    this.epoch++;
  }

  private due(epoch: number, key: string, expireAtMs: number): void {
    if (epoch !== this.epoch || this.armed.get(key)?.expireAtMs !== expireAtMs) return;
    if (this.expiryOf(key) === expireAtMs) this.report(key, expireAtMs);
    else this.armed.delete(key);
  }

  private report(key: string, expireAtMs: number): void {
    const notice = this.armed.get(key);
    if (notice?.expireAtMs !== expireAtMs) return;
    this.armed.delete(key);
    this.sim.trace.record(this.sim.now, 'redis.expire', { node: this.node, key, ttlMs: notice.ttlMs });
  }
}
