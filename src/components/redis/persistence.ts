/**
 * What survives a Redis restart, by persistence mode and kind of crash.
 *
 * - none: nothing.
 * - rdb: the last snapshot. Snapshots are taken every `snapshotIntervalMs` from boot and hold
 *   every write made at or before that instant (a fork is instantaneous here; a real BGSAVE takes
 *   time but still captures the fork instant). A kill -9 saves nothing more (no SHUTDOWN SAVE).
 * - aof-everysec: every write is appended to the AOF with write(2) before its reply is sent, and
 *   fsynced once a second. Killing only the redis-server process loses nothing (the page cache
 *   survives; measured on Redis 7: 20/20 runs lost no acknowledged write). A machine crash or
 *   power loss loses what was written after the last fsync, at most a second. Fsyncs happen
 *   every 1000 ms from boot, and a stalled disk never delays them.
 * Snapshot and fsync instants are computed from the clock, not scheduled, so a simulation with a
 * Redis in it still runs out of events.
 */
import { LaggingCopy } from './lagging-copy.js';
import type { Image, StoredEntry } from './mock-store.js';

export type PersistenceMode = 'none' | 'rdb' | 'aof-everysec';

/** A kill of the redis-server process only, or of the whole machine (power loss, kernel panic). */
export type CrashKind = 'process' | 'machine';

/** appendfsync everysec. */
export const AOF_FSYNC_INTERVAL_MS = 1000;

export interface Recovery {
  /** What a restart will load. */
  readonly image: Image;
  /** Writes executed (and acknowledged, or about to be) that the image does not hold; null: all. */
  readonly writesLost: number | null;
}

export class Persistence {
  private readonly copy = new LaggingCopy();
  private bootMs = 0;

  constructor(
    readonly mode: PersistenceMode,
    private readonly snapshotIntervalMs: number,
  ) {}

  /** After a (re)start: the loaded data is what the disk holds. */
  boot(nowMs: number, image: Image): void {
    this.bootMs = nowMs;
    this.copy.reset(image);
  }

  record(atMs: number, key: string, entry: StoredEntry | null): void {
    if (this.mode !== 'none') this.copy.record(atMs, key, entry);
  }

  /** Applies the snapshots or fsyncs due by `nowMs`; cheap, called before every command. */
  sync(nowMs: number): void {
    const lastMs = this.lastDurableMs(nowMs);
    if (lastMs !== undefined) this.copy.catchUp(lastMs);
  }

  /** What a restart after a crash at `nowMs` finds on disk. */
  recover(nowMs: number, crash: CrashKind): Recovery {
    if (this.mode === 'none') return { image: new Map(), writesLost: null };
    if (this.mode === 'aof-everysec' && crash === 'process') this.copy.catchUp(Infinity);
    else this.sync(nowMs);
    return { image: new Map(this.copy.current), writesLost: this.copy.behind };
  }

  /** After `recover`: the keys whose last write the disk did not hold (a mode 'none' disk holds nothing). */
  lostKeys(): string[] {
    return this.copy.pendingKeys();
  }

  /** The instant of the last snapshot or fsync at or before `nowMs`, none yet since boot. */
  private lastDurableMs(nowMs: number): number | undefined {
    if (this.mode === 'none') return undefined;
    const periodMs = this.mode === 'rdb' ? this.snapshotIntervalMs : AOF_FSYNC_INTERVAL_MS;
    const ticks = Math.floor((nowMs - this.bootMs) / periodMs);
    return ticks >= 1 ? this.bootMs + ticks * periodMs : undefined;
  }
}
