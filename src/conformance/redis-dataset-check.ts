/**
 * The replay's comparison of the real dataset with the model's, where expiry makes it fuzzy: keys
 * whose model deadline passed must be gone, the whole dataset must match key by key, and a key
 * caught within the tolerance of its deadline is excluded and put back as the model has it. It
 * exists apart from the session so that the tolerance rules (how late a key may go, how far a
 * real deadline may drift) live in one place; it sees the session only through a narrow context.
 */
import type { Redis } from 'ioredis';
import type { RecordedEntry } from '../components/redis/schedule-types.js';
import type { RedisExclusionRule } from './redis-exclusion-rules.js';
import type { ModelShadow } from './redis-model-shadow.js';
import { readDataset, type RealEntry } from './redis-real-dataset.js';
import type { RedisCheck } from './redis-replay-options.js';
import type { WarpedClock } from './redis-warped-clock.js';

/** What the dataset check needs from the replay session. */
export interface DatasetCheckContext {
  readonly clock: WarpedClock;
  readonly shadow: ModelShadow;
  /** How far a real deadline may lie from the model's, ms (before the per-key slack). */
  readonly expiryToleranceMs: number;
  /** The client of the server answering for the node now (it changes at a boot). */
  primaryClient(): Redis;
  /** Between a crash or failover and the next boot: no server answers for the node. */
  isDown(): boolean;
  /** Whether the model or the real server evicted the key: then expiry says nothing about it. */
  evicted(key: string): boolean;
  /** Waits until the eviction notices sent so far have arrived. */
  settleEvictions(): Promise<void>;
  agree(check: RedisCheck): void;
  exclude(rule: RedisExclusionRule): void;
  diverge(index: number, what: string, model: string, real: string): void;
}

export class DatasetCheck {
  private lastCheckedMs = 0;
  /**
   * Per key, how late after its virtual time the real server may have run the last write that
   * set its deadline (the reply's round trip on a busy machine), ms: added to the tolerance.
   */
  private readonly slackMs = new Map<string, number>();

  constructor(private readonly context: DatasetCheckContext) {}

  /** The real server ran the write that set the key's deadline `lateMs` after its virtual time. */
  noteLate(key: string, lateMs: number): void {
    this.slackMs.set(key, lateMs);
  }

  /** After a boot, expiry is checked from `atMs` on: the model's dataset was replaced then. */
  restartAt(atMs: number): void {
    this.lastCheckedMs = atMs;
  }

  /** Keys whose model deadline passed since the last step must be gone from the real server. */
  async checkExpired(index: number, atMs: number): Promise<void> {
    const { shadow, clock } = this.context;
    const afterMs = this.lastCheckedMs;
    this.lastCheckedMs = atMs;
    if (this.context.isDown()) return;
    for (const key of shadow.expiringIn(afterMs, atMs)) {
      if (this.context.evicted(key)) continue;
      const exists = (await this.context.primaryClient().exists(key)) === 1;
      if (!exists) this.context.agree('expiry');
      else if (this.nearDeadline(key, atMs, clock.virtualNow())) {
        this.context.exclude('expiry-boundary');
        await this.repair(key, atMs);
      } else {
        const deadline = shadow.deadlineOf(key);
        this.context.diverge(index, `expiry: ${key} (model deadline ${deadline}ms)`, 'gone', 'still there');
        return;
      }
    }
  }

  /**
   * While the replay was held back, the real clock ran `lateMs` past `atMs` and may have expired
   * keys the model still holds at `atMs`; taking the time back cannot bring them back. Each such
   * key is put back as the model has it, under the expiry-boundary rule.
   */
  async reviveStalled(atMs: number, lateMs: number): Promise<void> {
    for (const [key, entry] of this.context.shadow.liveAt(atMs)) {
      if (entry.expireAtMs === null || entry.expireAtMs > atMs + lateMs + this.toleranceFor(key)) continue;
      if (this.context.evicted(key)) continue;
      if ((await this.context.primaryClient().exists(key)) === 1) continue;
      this.context.exclude('expiry-boundary');
      await this.repair(key, atMs);
    }
  }

  /** Compares the real database with what the model holds, key by key. */
  async compareDataset(
    index: number,
    atMs: number,
    expected: ReadonlyMap<string, RecordedEntry>,
    check: RedisCheck,
    what: string,
  ): Promise<void> {
    await this.context.settleEvictions(); // eviction notices sent before the read have arrived
    const real = await readDataset(this.context.primaryClient());
    // The real server read its data at some virtual time in [atMs, readMs]: keys going in between may be either.
    const readMs = Math.max(atMs, this.context.clock.virtualNow());
    const keys = [...new Set([...expected.keys(), ...real.keys()])].sort();
    if (keys.length === 0) this.context.agree(check); // both empty: that is the comparison
    for (const key of keys) {
      const model = expected.get(key);
      const found = real.get(key);
      if (this.sameEntry(key, model, found)) {
        this.context.agree(check);
        continue;
      }
      if (this.context.evicted(key)) this.context.exclude('eviction-sampled');
      else if (this.nearDeadline(key, atMs, readMs) || this.realNearDeadline(key, found, atMs, readMs)) {
        this.context.exclude('expiry-boundary');
        await this.repair(key, atMs);
      } else {
        const seen = `${what} at ${Math.floor(atMs)}-${Math.ceil(readMs)}ms: ${key}`;
        this.context.diverge(
          index,
          `${check === 'expiry' ? 'expiry: ' : ''}${seen}`,
          entryText(model),
          this.realText(found),
        );
        return;
      }
    }
  }

  /** Sets the real key to the model's state at `atMs` (after an excluded step). */
  async repair(key: string, atMs: number): Promise<void> {
    const entry = this.context.shadow.at(key, atMs);
    const expireAt =
      entry?.expireAtMs == null ? '' : String(this.context.clock.realExpireAt(entry.expireAtMs));
    await this.context
      .primaryClient()
      .eval(REPAIR_SCRIPT, 1, key, entry === null ? 'del' : 'set', entry?.value ?? '', expireAt);
  }

  /** Whether the key's model deadline lies within the tolerance of [fromMs, toMs], when the real server looked. */
  private nearDeadline(key: string, fromMs: number, toMs: number): boolean {
    const deadline = this.context.shadow.deadlineOf(key);
    return typeof deadline === 'number' && this.within(key, deadline, fromMs, toMs);
  }

  private within(key: string, deadlineMs: number, fromMs: number, toMs: number): boolean {
    const toleranceMs = this.toleranceFor(key);
    return deadlineMs >= fromMs - toleranceMs && deadlineMs <= Math.max(fromMs, toMs) + toleranceMs;
  }

  private toleranceFor(key: string): number {
    return this.context.expiryToleranceMs + (this.slackMs.get(key) ?? 0);
  }

  private sameEntry(key: string, model: RecordedEntry | undefined, real: RealEntry | undefined): boolean {
    if (model === undefined || real === undefined) return model === real;
    if (real.value !== null && real.value !== model.value) return false;
    if (model.expireAtMs === null || real.lastMs === null) return model.expireAtMs === real.lastMs;
    const realDeadlineMs = this.context.clock.virtualDeadline(real.lastMs);
    return Math.abs(realDeadlineMs - model.expireAtMs) <= this.toleranceFor(key);
  }

  private realNearDeadline(key: string, real: RealEntry | undefined, fromMs: number, toMs: number): boolean {
    if (real?.lastMs === null || real === undefined) return false;
    return this.within(key, this.context.clock.virtualDeadline(real.lastMs), fromMs, toMs);
  }

  private realText(real: RealEntry | undefined): string {
    if (real === undefined) return 'absent';
    const ttl =
      real.lastMs === null
        ? 'no TTL'
        : `deadline ${Math.round(this.context.clock.virtualDeadline(real.lastMs))}ms`;
    return `${clip(real.value ?? '(not a string)')}, ${ttl}`;
  }
}

/**
 * Sets KEYS[1] to a state (ARGV: 'set' or 'del', value, real PXAT or ''). allow-oom: the harness
 * puts back the model's state, which is not a client's write competing for memory.
 */
const REPAIR_SCRIPT = `#!lua flags=allow-oom
if ARGV[1] == 'del' then return redis.call('DEL', KEYS[1]) end
if ARGV[3] == '' then return redis.call('SET', KEYS[1], ARGV[2]) end
return redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])`;

function entryText(entry: RecordedEntry | undefined): string {
  if (entry === undefined) return 'absent';
  return `${clip(entry.value)}, ${entry.expireAtMs === null ? 'no TTL' : `deadline ${entry.expireAtMs}ms`}`;
}

function clip(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}
