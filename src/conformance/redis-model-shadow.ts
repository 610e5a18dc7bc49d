/**
 * The model's dataset, rebuilt from a recorded schedule alone: each command's resulting key
 * states, evictions, crashes and boot images. A replay asks it what the model held at a virtual
 * time, to compare the real server's keys and deadlines with, and to set a key on the real server
 * to the model's state after an excluded step.
 */
import type { RecordedEntry, RecordedKey } from '../components/redis/schedule-types.js';

export class ModelShadow {
  private readonly entries = new Map<string, RecordedEntry>();
  /** Keys that ever carried a TTL as last written, for the class of a key the real server evicts. */
  private readonly lastHadTtl = new Map<string, boolean>();

  apply(writes: readonly RecordedKey[]): void {
    for (const [key, entry] of writes) {
      if (entry === null) this.entries.delete(key);
      else {
        this.entries.set(key, entry);
        this.lastHadTtl.set(key, entry.expireAtMs !== null);
      }
    }
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  /** After a crash (nothing) or a boot (its image). */
  reset(image: readonly RecordedKey[]): void {
    this.entries.clear();
    this.apply(image);
  }

  /** The key's state at virtual `nowMs` (Redis's rule: gone from its deadline on), or null. */
  at(key: string, nowMs: number): RecordedEntry | null {
    const entry = this.entries.get(key);
    if (entry === undefined || isGone(entry, nowMs)) return null;
    return entry;
  }

  /** The key's deadline even if passed (null: no TTL; undefined: no such key in the model). */
  deadlineOf(key: string): number | null | undefined {
    return this.entries.get(key)?.expireAtMs;
  }

  /** Every key live at `nowMs`, with its state. */
  liveAt(nowMs: number): Map<string, RecordedEntry> {
    const live = new Map<string, RecordedEntry>();
    for (const [key, entry] of this.entries) if (!isGone(entry, nowMs)) live.set(key, entry);
    return live;
  }

  /** Keys whose deadline falls in (afterMs, untilMs]: what expired in the model in between. */
  expiringIn(afterMs: number, untilMs: number): string[] {
    const keys: string[] = [];
    for (const [key, { expireAtMs }] of this.entries) {
      if (expireAtMs !== null && expireAtMs > Math.floor(afterMs) && expireAtMs <= Math.floor(untilMs))
        keys.push(key);
    }
    return keys;
  }

  /** Whether the key carried a TTL when last written (undefined: never written). */
  hadTtl(key: string): boolean | undefined {
    return this.lastHadTtl.get(key);
  }
}

/** The model's clock is whole ms: a key with deadline d is gone from floor(t) >= d. */
function isGone(entry: RecordedEntry, nowMs: number): boolean {
  return entry.expireAtMs !== null && Math.floor(nowMs) >= entry.expireAtMs;
}
