/**
 * The state of one Redis replay while it walks a schedule: the real servers and their clock, the
 * model's dataset rebuilt from the schedule, and the tally. See redis-replay.ts for what each
 * check means.
 */
import { Redis } from 'ioredis';
import type { RedisReply } from '../components/redis/redis-protocol.js';
import type { RecordedEntry, RedisSchedule, RedisStep } from '../components/redis/schedule-types.js';
import { VIRTUAL_EPOCH_MS } from '../world/virtual-date.js';
import type { Divergence } from './conformance-report.js';
import type { RedisExclusionRule } from './redis-exclusion-rules.js';
import { EvictionNotices } from './redis-eviction-notices.js';
import { ModelShadow } from './redis-model-shadow.js';
import { readDataset, type RealEntry } from './redis-real-dataset.js';
import type { RedisCheck, RedisReplayOptions } from './redis-replay-options.js';
import { isOom, keysNamed, replyText, sameReply, sendCommand } from './redis-reply-match.js';
import type { RealRedis, RedisServers } from './redis-servers.js';
import { stepsAround } from './redis-step-text.js';
import { WarpedClock } from './redis-warped-clock.js';
import type { WallClock } from './wall-clock.js';

type Step<K extends RedisStep['kind']> = Extract<RedisStep, { kind: K }>;

/** How far the replay may fall behind virtual time before it takes the time back, ms. */
const LAG_MS_MAX = 5;
/** The model's answer for a command it does not model (redis-commands.ts). */
const UNMODELLED_PREFIX = 'ERR idemsim does not model';

interface Live {
  readonly real: RealRedis;
  readonly client: Redis;
}

export interface SessionCounts {
  readonly compared: number;
  readonly agreed: number;
  readonly excluded: Readonly<Record<string, number>>;
  readonly checks: Readonly<Record<RedisCheck, number>>;
  readonly divergence?: Divergence;
}

export class ReplaySession {
  private readonly clock: WarpedClock;
  private readonly shadow = new ModelShadow();
  private readonly checks: Record<RedisCheck, number> = {
    command: 0,
    expiry: 0,
    restart: 0,
    failover: 0,
    eviction: 0,
  };
  private agreed = 0;
  private readonly excluded: Record<string, number> = {};
  private divergence: Divergence | undefined;
  /** Every server this replay holds, released at the end. */
  private readonly owned: RealRedis[] = [];
  private primary!: Live;
  private replica: Live | undefined;
  /** A replica cut off before a failover: already its own master, its clock moved with the primary's. */
  private promoted: Live | undefined;
  /** Between a crash or failover and the next boot: no server answers for the node. */
  private down = false;
  /** The next boot loads the model's image instead of being compared (an excluded crash). */
  private loadImageAtBoot = false;
  private lastCheckedMs = 0;
  private lastDatasetMs = 0;
  private nextSnapshotMs = Infinity;
  private readonly modelEvicted = new Set<string>();
  private readonly realEvictions = new EvictionNotices();
  private calibrated = false;
  /** The clock's total jump when the last RDB snapshot was taken. */
  private warpedAtSaveMs = 0;
  /**
   * Per key, how late after its virtual time the real server may have run the last write that
   * set its deadline (the reply's round trip on a busy machine), ms: added to the tolerance.
   */
  private readonly slackMs = new Map<string, number>();
  /** Step index before which each failover's replica is cut off. */
  private readonly cuts = new Set<number>();

  constructor(
    private readonly schedule: RedisSchedule,
    private readonly options: Required<RedisReplayOptions>,
    private readonly wall: WallClock,
  ) {
    this.clock = new WarpedClock(wall);
  }

  private get controlled(): boolean {
    return this.primary.real.process !== null;
  }

  async run(servers: RedisServers): Promise<SessionCounts> {
    const { config } = this.schedule;
    const dedicated =
      this.schedule.steps.some((step) => step.kind !== 'command') || config.maxMemoryBytes !== null;
    try {
      this.primary = this.connect(await servers.acquire(config, dedicated));
      await this.primary.client.ping();
      if (config.persistence === 'rdb') this.nextSnapshotMs = config.snapshotIntervalMs;
      if (this.controlled && config.replicationLagMs !== null) await this.startReplica();
      if (this.controlled && config.maxMemoryBytes !== null)
        await this.realEvictions.listen(this.primary.real.endpoint);
      this.planCuts();
      const { steps } = this.schedule;
      for (let index = 0; index < steps.length && this.divergence === undefined; index++) {
        await this.step(index, steps[index] as RedisStep);
      }
      const lastMs = steps.at(-1)?.atMs ?? 0;
      if (this.divergence === undefined && !this.down) {
        await this.compareDataset(
          steps.length - 1,
          lastMs,
          this.shadow.liveAt(lastMs),
          'expiry',
          'keys at the end',
        );
      }
      if (this.divergence === undefined) await this.classifyRealEvictions(steps.length - 1);
    } finally {
      await this.releaseAll();
    }
    const compared = Object.values(this.checks).reduce((sum, count) => sum + count, 0);
    return {
      compared,
      agreed: this.agreed,
      excluded: this.excluded,
      checks: this.checks,
      ...(this.divergence === undefined ? {} : { divergence: this.divergence }),
    };
  }

  private async step(index: number, step: RedisStep): Promise<void> {
    if (this.cuts.has(index)) await this.cutReplica();
    await this.snapshotsBefore(step);
    if (step.kind === 'boot') return this.boot(index, step);
    await this.pace(step.atMs);
    await this.checkExpired(index, step.atMs);
    if (this.divergence === undefined && step.atMs - this.lastDatasetMs >= this.options.datasetCheckEveryMs) {
      this.lastDatasetMs = step.atMs;
      if (!this.down)
        await this.compareDataset(index, step.atMs, this.shadow.liveAt(step.atMs), 'expiry', 'keys alive');
    }
    if (this.divergence !== undefined) return;
    await this.pace(step.atMs); // the checks took real time
    switch (step.kind) {
      case 'command':
        return this.command(index, step);
      case 'expire':
        return; // checkExpired compared it when its deadline passed
      case 'evict':
        return this.evict(index, step);
      case 'crash':
        return this.crash(step);
      case 'failover':
        return this.failover();
    }
  }

  // ---- commands ----

  private async command(index: number, step: Step<'command'>): Promise<void> {
    const model = step.reply;
    if (!model.ok && model.error.startsWith(UNMODELLED_PREFIX)) return this.exclude('unmodelled-command');
    if (this.down) throw new Error(`step ${index}: a command reached a crashed node`);
    if (isOom(model) && this.controlled && this.schedule.config.maxMemoryBytes !== null)
      await this.calibrate();
    const real = await sendCommand(this.primary.client, step.command, this.realArgs(step));
    const lateMs = Math.max(0, this.clock.virtualNow() - step.atMs);
    for (const [key, entry] of step.writes ?? []) {
      // Only a write that gave the key a new deadline fixes when it goes (a refused SET NX does not).
      if (entry !== null && entry.expireAtMs !== this.shadow.deadlineOf(key)) this.slackMs.set(key, lateMs);
    }
    const named = keysNamed(step.command, step.args);
    const before = named.map((key) => this.shadow.deadlineOf(key));
    if (step.writes !== undefined) this.shadow.apply(step.writes);
    if (sameReply(step.command, model, real, this.options.expiryToleranceMs)) {
      this.agree('command');
      return;
    }
    const rule = await this.ruleForReply(step, real, before, lateMs);
    if (rule === undefined) {
      this.diverge(index, `reply to ${step.command}`, replyText(model), replyText(real));
      return;
    }
    this.exclude(rule);
    for (const key of named) await this.repair(key, step.atMs);
  }

  /** Which rule, if any, explains a reply that differs. */
  private async ruleForReply(
    step: Step<'command'>,
    real: RedisReply,
    deadlinesBefore: ReadonlyArray<number | null | undefined>,
    lateMs: number,
  ): Promise<RedisExclusionRule | undefined> {
    const named = keysNamed(step.command, step.args);
    if (!this.controlled && this.modelEvictedAny(named)) return 'uncontrolled-server';
    await this.realEvictions.settle(); // eviction notices sent before the reply have arrived
    if (named.some((key) => this.modelEvicted.has(key) || this.realEvictions.has(key)))
      return 'eviction-sampled';
    if (isOom(step.reply) !== isOom(real)) return 'oom-threshold';
    // The real server ran it somewhere in [atMs, atMs + lateMs] of virtual time.
    const toleranceMs = this.options.expiryToleranceMs;
    const near = (deadline: number | null | undefined) =>
      typeof deadline === 'number' &&
      deadline >= step.atMs - toleranceMs &&
      deadline <= step.atMs + lateMs + toleranceMs;
    if (deadlinesBefore.some(near)) return 'expiry-boundary';
    return undefined;
  }

  private modelEvictedAny(keys: readonly string[]): boolean {
    return keys.some((key) => this.modelEvicted.has(key));
  }

  /**
   * SET's absolute expiries count from the virtual epoch (virtual-date.ts): moved to the real
   * clock, EXAT as PXAT (the real instant is not a whole second).
   */
  private realArgs(step: Step<'command'>): readonly string[] {
    if (step.command !== 'SET') return step.args;
    const args = [...step.args];
    for (let index = 2; index + 1 < args.length; index++) {
      const option = (args[index] as string).toUpperCase();
      if (option !== 'PXAT' && option !== 'EXAT') continue;
      const virtualMs = Number(args[index + 1]) * (option === 'EXAT' ? 1000 : 1) - VIRTUAL_EPOCH_MS;
      args[index] = 'PXAT';
      args[index + 1] = String(this.clock.realAt(virtualMs));
    }
    return args;
  }

  // ---- time ----

  /** Brings the real servers' clocks to `atMs`: sleeps a short gap, jumps a long one, takes back a lag. */
  private async pace(atMs: number): Promise<void> {
    if (this.down) return;
    const aheadMs = atMs - this.clock.virtualNow();
    if (aheadMs > this.options.realTimeGapMsMax) await this.clock.warpTo(atMs, this.clients());
    else if (aheadMs > 0) await this.wall.sleep(aheadMs);
    // A timer on a busy machine fires late: what it overslept is taken back.
    const lateMs = this.clock.virtualNow() - atMs;
    if (lateMs > LAG_MS_MAX) {
      await this.clock.warpTo(atMs, this.clients());
      await this.reviveStalled(atMs, lateMs);
    }
  }

  /**
   * While the replay was held back, the real clock ran `lateMs` past `atMs` and may have expired
   * keys the model still holds at `atMs`; taking the time back cannot bring them back. Each such
   * key is put back as the model has it, under the expiry-boundary rule.
   */
  private async reviveStalled(atMs: number, lateMs: number): Promise<void> {
    for (const [key, entry] of this.shadow.liveAt(atMs)) {
      if (entry.expireAtMs === null || entry.expireAtMs > atMs + lateMs + this.toleranceFor(key)) continue;
      if (this.modelEvicted.has(key) || this.realEvictions.has(key)) continue;
      if ((await this.primary.client.exists(key)) === 1) continue;
      this.exclude('expiry-boundary');
      await this.repair(key, atMs);
    }
  }

  private clients(): Redis[] {
    return this.promoted === undefined ? [this.primary.client] : [this.primary.client, this.promoted.client];
  }

  /** Keys whose model deadline passed since the last step must be gone from the real server. */
  private async checkExpired(index: number, atMs: number): Promise<void> {
    const afterMs = this.lastCheckedMs;
    this.lastCheckedMs = atMs;
    if (this.down) return;
    for (const key of this.shadow.expiringIn(afterMs, atMs)) {
      if (this.modelEvicted.has(key) || this.realEvictions.has(key)) continue;
      const exists = (await this.primary.client.exists(key)) === 1;
      if (!exists) this.agree('expiry');
      else if (this.nearDeadline(key, atMs, this.clock.virtualNow())) {
        this.exclude('expiry-boundary');
        await this.repair(key, atMs);
      } else {
        const deadline = this.shadow.deadlineOf(key);
        this.diverge(index, `expiry: ${key} (model deadline ${deadline}ms)`, 'gone', 'still there');
        return;
      }
    }
  }

  /** Whether the key's model deadline lies within the tolerance of [fromMs, toMs], when the real server looked. */
  private nearDeadline(key: string, fromMs: number, toMs: number): boolean {
    const deadline = this.shadow.deadlineOf(key);
    return typeof deadline === 'number' && this.within(key, deadline, fromMs, toMs);
  }

  private within(key: string, deadlineMs: number, fromMs: number, toMs: number): boolean {
    const toleranceMs = this.toleranceFor(key);
    return deadlineMs >= fromMs - toleranceMs && deadlineMs <= Math.max(fromMs, toMs) + toleranceMs;
  }

  private toleranceFor(key: string): number {
    return this.options.expiryToleranceMs + (this.slackMs.get(key) ?? 0);
  }

  /** Compares the real database with what the model holds, key by key. */
  private async compareDataset(
    index: number,
    atMs: number,
    expected: ReadonlyMap<string, RecordedEntry>,
    check: RedisCheck,
    what: string,
  ): Promise<void> {
    await this.realEvictions.settle(); // eviction notices sent before the read have arrived
    const real = await readDataset(this.primary.client);
    // The real server read its data at some virtual time in [atMs, readMs]: keys going in between may be either.
    const readMs = Math.max(atMs, this.clock.virtualNow());
    const keys = [...new Set([...expected.keys(), ...real.keys()])].sort();
    if (keys.length === 0) this.agree(check); // both empty: that is the comparison
    for (const key of keys) {
      const model = expected.get(key);
      const found = real.get(key);
      if (this.sameEntry(key, model, found)) {
        this.agree(check);
        continue;
      }
      if (this.modelEvicted.has(key) || this.realEvictions.has(key)) this.exclude('eviction-sampled');
      else if (this.nearDeadline(key, atMs, readMs) || this.realNearDeadline(key, found, atMs, readMs)) {
        this.exclude('expiry-boundary');
        await this.repair(key, atMs);
      } else {
        const seen = `${what} at ${Math.floor(atMs)}-${Math.ceil(readMs)}ms: ${key}`;
        this.diverge(
          index,
          `${check === 'expiry' ? 'expiry: ' : ''}${seen}`,
          entryText(model),
          this.realText(found),
        );
        return;
      }
    }
  }

  private sameEntry(key: string, model: RecordedEntry | undefined, real: RealEntry | undefined): boolean {
    if (model === undefined || real === undefined) return model === real;
    if (real.value !== null && real.value !== model.value) return false;
    if (model.expireAtMs === null || real.lastMs === null) return model.expireAtMs === real.lastMs;
    return Math.abs(this.clock.virtualDeadline(real.lastMs) - model.expireAtMs) <= this.toleranceFor(key);
  }

  private realNearDeadline(key: string, real: RealEntry | undefined, fromMs: number, toMs: number): boolean {
    if (real?.lastMs === null || real === undefined) return false;
    return this.within(key, this.clock.virtualDeadline(real.lastMs), fromMs, toMs);
  }

  private realText(real: RealEntry | undefined): string {
    if (real === undefined) return 'absent';
    const ttl =
      real.lastMs === null ? 'no TTL' : `deadline ${Math.round(this.clock.virtualDeadline(real.lastMs))}ms`;
    return `${clip(real.value ?? '(not a string)')}, ${ttl}`;
  }

  /** Sets the real key to the model's state at `atMs` (after an excluded step). */
  private async repair(key: string, atMs: number): Promise<void> {
    const entry = this.shadow.at(key, atMs);
    const expireAt = entry?.expireAtMs == null ? '' : String(this.clock.realExpireAt(entry.expireAtMs));
    await this.primary.client.eval(
      REPAIR_SCRIPT,
      1,
      key,
      entry === null ? 'del' : 'set',
      entry?.value ?? '',
      expireAt,
    );
  }

  // ---- persistence ----

  /** With RDB, a SAVE at each snapshot instant the model passed: it holds every write made at or before it. */
  private async snapshotsBefore(step: RedisStep): Promise<void> {
    const passed = (atMs: number) => atMs < step.atMs || (atMs === step.atMs && step.kind === 'crash');
    while (passed(this.nextSnapshotMs)) {
      if (!this.down && this.controlled) {
        await this.primary.client.save();
        this.warpedAtSaveMs = this.clock.warpedMs;
      }
      this.nextSnapshotMs += this.schedule.config.snapshotIntervalMs;
    }
  }

  private async crash(step: Step<'crash'>): Promise<void> {
    this.shadow.reset([]);
    if (!this.controlled) {
      this.exclude('uncontrolled-server');
      this.loadImageAtBoot = true;
      return;
    }
    if (step.crash === 'machine') {
      this.exclude('machine-crash');
      this.loadImageAtBoot = true;
    }
    await this.realEvictions.stop();
    this.primary.client.disconnect();
    await this.primary.real.process?.kill();
    this.down = true;
  }

  private async boot(index: number, step: Step<'boot'>): Promise<void> {
    if (step.from === 'replica' && this.promoted !== undefined) {
      this.primary = this.promoted;
      this.promoted = undefined;
    } else if (this.down && this.controlled) {
      await this.primary.real.process?.restart();
      this.primary = this.connect(this.primary.real);
      // The RDB file's deadlines were written before the jumps since; AOF replays the jumps itself.
      if (step.from === 'rdb') await this.clock.catchUp(this.warpedAtSaveMs, this.primary.client);
    }
    this.down = false;
    await this.pace(step.atMs);
    const image = new Map(step.image.filter((pair): pair is [string, RecordedEntry] => pair[1] !== null));
    if (this.loadImageAtBoot) {
      this.loadImageAtBoot = false;
      await this.loadImage(image);
    } else {
      const check = step.from === 'replica' ? 'failover' : 'restart';
      const what =
        step.from === 'replica'
          ? 'what the promoted replica held'
          : `what survived the restart (${step.from})`;
      await this.compareDataset(index, step.atMs, image, check, what);
    }
    this.shadow.reset(step.image);
    this.lastCheckedMs = step.atMs;
    if (this.schedule.config.persistence === 'rdb')
      this.nextSnapshotMs = step.atMs + this.schedule.config.snapshotIntervalMs;
    if (this.controlled && this.schedule.steps.slice(index + 1).some((later) => later.kind === 'failover'))
      await this.startReplica();
    if (this.controlled && this.schedule.config.maxMemoryBytes !== null)
      await this.realEvictions.listen(this.primary.real.endpoint);
  }

  private async loadImage(image: ReadonlyMap<string, RecordedEntry>): Promise<void> {
    const client = this.primary.client;
    await client.flushdb();
    for (const [key, entry] of image) {
      if (entry.expireAtMs === null) await client.set(key, entry.value);
      else await client.set(key, entry.value, 'PXAT', this.clock.realExpireAt(entry.expireAtMs));
    }
  }

  // ---- failover ----

  /** Each failover's replica is cut off before the first step later than `replicationLagMs` before it. */
  private planCuts(): void {
    const lagMs = this.schedule.config.replicationLagMs;
    if (lagMs === null) return;
    const { steps } = this.schedule;
    steps.forEach((step, index) => {
      if (step.kind !== 'failover') return;
      const cut = steps.findIndex((other) => other.atMs > step.atMs - lagMs);
      this.cuts.add(cut === -1 ? index : Math.min(cut, index));
    });
  }

  private async startReplica(): Promise<void> {
    const process = this.primary.real.process;
    if (process === null) return;
    const replica = await process.startReplica();
    this.owned.push(replica);
    this.replica = this.connect(replica, false);
  }

  private async cutReplica(): Promise<void> {
    const replica = this.replica;
    if (replica === undefined || this.down) return;
    await this.primary.client.call('WAIT', '1', '10000');
    await replica.client.call('REPLICAOF', 'NO', 'ONE');
    this.promoted = replica;
    this.replica = undefined;
  }

  private async failover(): Promise<void> {
    this.shadow.reset([]);
    if (!this.controlled || this.promoted === undefined) {
      this.exclude('uncontrolled-server');
      this.loadImageAtBoot = true;
      return;
    }
    await this.realEvictions.stop();
    this.primary.client.disconnect();
    await this.primary.real.process?.kill();
    this.down = true;
  }

  // ---- eviction ----

  private async evict(index: number, step: Step<'evict'>): Promise<void> {
    this.modelEvicted.add(step.key);
    this.shadow.remove(step.key);
    if (!this.controlled) {
      this.exclude('uncontrolled-server');
      await this.primary.client.del(step.key);
      return;
    }
    if (!this.calibrated) await this.calibrate();
    if (this.allowedToEvict(step.hadTtl)) this.agree('eviction');
    else
      this.diverge(
        index,
        `eviction class under ${this.schedule.config.maxMemoryPolicy}`,
        'the model evicted a key without a TTL',
        'no',
      );
  }

  private allowedToEvict(hadTtl: boolean | undefined): boolean {
    const policy = this.schedule.config.maxMemoryPolicy;
    return policy === 'allkeys-lru' || (policy === 'volatile-lru' && hadTtl === true);
  }

  /** The model just ran out of memory: so does the real server, from its own used_memory on. */
  private async calibrate(): Promise<void> {
    this.calibrated = true;
    const info = await this.primary.client.info('memory');
    const used = Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
    await this.primary.client.config('SET', 'maxmemory', String(Math.max(1, used - 1)));
  }

  /** Each key the real server evicted must be of the class its policy allows. */
  private async classifyRealEvictions(index: number): Promise<void> {
    await this.realEvictions.settle();
    for (const key of this.realEvictions.takeNew()) {
      if (this.allowedToEvict(this.shadow.hadTtl(key))) this.agree('eviction');
      else {
        const policy = this.schedule.config.maxMemoryPolicy;
        this.diverge(index, `eviction class under ${policy}: ${key}`, 'not evictable', 'evicted');
        return;
      }
    }
  }

  // ---- tally and plumbing ----

  private agree(check: RedisCheck): void {
    this.checks[check]++;
    this.agreed++;
  }

  private exclude(rule: RedisExclusionRule): void {
    this.excluded[rule] = (this.excluded[rule] ?? 0) + 1;
  }

  private diverge(index: number, what: string, model: string, real: string): void {
    const step = this.schedule.steps[index];
    const check: RedisCheck = step?.kind === 'command' && what.startsWith('reply') ? 'command' : 'expiry';
    this.checks[what.startsWith('eviction') ? 'eviction' : check]++;
    this.divergence = { step: index, what, model, real, around: stepsAround(this.schedule, index) };
  }

  private connect(real: RealRedis, own = true): Live {
    if (own && !this.owned.includes(real)) this.owned.push(real);
    const { host, port, db } = real.endpoint;
    const client = new Redis({ host, port, db, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    return { real, client };
  }

  private async releaseAll(): Promise<void> {
    this.realEvictions.disconnect();
    for (const live of [this.primary, this.replica, this.promoted]) live?.client.disconnect();
    const owned = this.owned.splice(0);
    await Promise.all(owned.map((real) => real.release().catch(() => undefined)));
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
