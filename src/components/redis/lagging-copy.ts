/**
 * A copy of the dataset that trails the live one: an RDB file, an fsynced AOF, a replica.
 *
 * Every write the server executes is recorded as the resulting state of each key it touched, with
 * the virtual time it executed. `catchUp(ms)` applies, in order, every change made at or before
 * `ms`; what was never caught up is what a crash or failover loses. Recording resulting states
 * rather than commands makes a replay independent of when it happens (a TTL is stored as an
 * absolute time, as Redis 7 propagates SET ... PX as PXAT).
 */
import type { Image, StoredEntry } from './mock-store.js';

interface Change {
  readonly atMs: number;
  readonly key: string;
  /** The key's state after the write; null when it was deleted or evicted. */
  readonly entry: StoredEntry | null;
}

export class LaggingCopy {
  private image = new Map<string, StoredEntry>();
  private pending: Change[] = [];
  /** Index of the first change not yet applied. */
  private head = 0;

  record(atMs: number, key: string, entry: StoredEntry | null): void {
    this.pending.push({ atMs, key, entry });
  }

  /** Applies every change made at or before `ms`. */
  catchUp(ms: number): void {
    const { pending } = this;
    while (this.head < pending.length && (pending[this.head] as Change).atMs <= ms) {
      const change = pending[this.head++] as Change;
      if (change.entry === null) this.image.delete(change.key);
      else this.image.set(change.key, change.entry);
    }
    // Compact now and then, so a long run does not keep every applied change.
    if (this.head > 1024 && this.head * 2 > pending.length) {
      this.pending = pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Writes recorded but not applied: what would be lost if the copy were used now. */
  get behind(): number {
    return this.pending.length - this.head;
  }

  /** The keys of the writes not applied, each once, in the order first written. */
  pendingKeys(): string[] {
    const keys = new Set<string>();
    for (let index = this.head; index < this.pending.length; index++)
      keys.add((this.pending[index] as Change).key);
    return [...keys];
  }

  /** The copy as it stands (not a snapshot: it changes on the next catch-up). */
  get current(): Image {
    return this.image;
  }

  /** Starts again from `image` (copied), with nothing pending. */
  reset(image: Image): void {
    this.image = new Map(image);
    this.pending = [];
    this.head = 0;
  }
}
