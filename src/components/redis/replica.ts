/**
 * The replica a failover promotes: it has every write made at least `replicationLagMs` ago.
 *
 * Redis replicates asynchronously: the primary acknowledges a write before any replica has it,
 * so a failover loses the writes still in flight, acknowledged or not (Redis's replication docs;
 * WAIT narrows the window but does not make it safe). The lag is a constant here; a real lag
 * varies with load and network. When the primary crashes, what it had not yet sent is gone; when
 * it restarts without a failover, the replica resyncs from it (with persistence off, that wipes the
 * replica too, as Redis's docs warn).
 */
import { LaggingCopy } from './lagging-copy.js';
import type { Image, StoredEntry } from './mock-store.js';

export class Replica {
  private readonly copy = new LaggingCopy();
  /** Writes the primary took with it when it died, not yet counted by a promotion. */
  private lostWithPrimary = 0;

  constructor(readonly replicationLagMs: number) {}

  /** A full resync: the replica now equals the primary's dataset. */
  resync(image: Image): void {
    this.copy.reset(image);
    this.lostWithPrimary = 0;
  }

  record(atMs: number, key: string, entry: StoredEntry | null): void {
    this.copy.record(atMs, key, entry);
  }

  /** Applies what has arrived by `nowMs`. */
  sync(nowMs: number): void {
    this.copy.catchUp(nowMs - this.replicationLagMs);
  }

  /** The primary died at `nowMs`: what was still to be sent never arrives. */
  primaryLost(nowMs: number): void {
    this.sync(nowMs);
    this.lostWithPrimary += this.copy.behind;
    this.copy.reset(this.copy.current);
  }

  /** After `promote`: the keys whose last write the replica had not received. */
  lackedKeys(): string[] {
    return this.copy.pendingKeys();
  }

  /** Promotes the replica at `nowMs`: its dataset, and how many of the primary's writes it lacks. */
  promote(nowMs: number): { readonly image: Image; readonly writesLost: number } {
    this.sync(nowMs);
    return { image: new Map(this.copy.current), writesLost: this.copy.behind + this.lostWithPrimary };
  }
}
