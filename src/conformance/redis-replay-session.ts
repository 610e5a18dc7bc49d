/**
 * The state of one Redis replay while it walks a schedule: the real servers' clock, the model's
 * dataset rebuilt from the schedule, and the tally; commands, pacing and eviction are compared here.
 * The dataset comparison at expiry is in redis-dataset-check.ts, crashes, boots and failovers in
 * redis-store-events.ts. See redis-replay.ts for what each check means.
 */
import type { RedisReply } from '../components/redis/redis-protocol.js';
import type { RedisSchedule, RedisStep } from '../components/redis/schedule-types.js';
import { VIRTUAL_EPOCH_MS } from '../world/virtual-date.js';
import type { Divergence } from './conformance-report.js';
import { DatasetCheck } from './redis-dataset-check.js';
import type { RedisExclusionRule } from './redis-exclusion-rules.js';
import { EvictionNotices } from './redis-eviction-notices.js';
import { ModelShadow } from './redis-model-shadow.js';
import type { RedisCheck, RedisReplayOptions } from './redis-replay-options.js';
import { isOom, keysNamed, replyText, sameReply, sendCommand } from './redis-reply-match.js';
import type { RedisServers } from './redis-servers.js';
import { stepsAround } from './redis-step-text.js';
import { StoreEvents } from './redis-store-events.js';
import { WarpedClock } from './redis-warped-clock.js';
import type { WallClock } from './wall-clock.js';

type Step<K extends RedisStep['kind']> = Extract<RedisStep, { kind: K }>;

/** How far the replay may fall behind virtual time before it takes the time back, ms. */
const LAG_MS_MAX = 5;
/** The model's answer for a command it does not model (redis-commands.ts). */
const UNMODELLED_PREFIX = 'ERR idemsim does not model';

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
  private lastDatasetMs = 0;
  private readonly modelEvicted = new Set<string>();
  private readonly realEvictions = new EvictionNotices();
  private calibrated = false;
  private readonly dataset: DatasetCheck;
  private readonly store: StoreEvents;

  constructor(
    private readonly schedule: RedisSchedule,
    private readonly options: Required<RedisReplayOptions>,
    private readonly wall: WallClock,
  ) {
    this.clock = new WarpedClock(wall);
    const { clock, shadow, realEvictions } = this;
    this.dataset = new DatasetCheck({
      clock,
      shadow,
      expiryToleranceMs: options.expiryToleranceMs,
      primaryClient: () => this.store.primary.client,
      isDown: () => this.store.down,
      evicted: (key) => this.evicted(key),
      settleEvictions: () => realEvictions.settle(),
      agree: (check) => this.agree(check),
      exclude: (rule) => this.exclude(rule),
      diverge: (index, what, model, real) => this.diverge(index, what, model, real),
    });
    this.store = new StoreEvents({
      schedule,
      clock,
      shadow,
      evictions: realEvictions,
      dataset: this.dataset,
      pace: (atMs) => this.pace(atMs),
      exclude: (rule) => this.exclude(rule),
    });
  }

  async run(servers: RedisServers): Promise<SessionCounts> {
    const { config } = this.schedule;
    const dedicated =
      this.schedule.steps.some((step) => step.kind !== 'command') || config.maxMemoryBytes !== null;
    try {
      await this.store.open(servers, dedicated);
      if (this.store.controlled && config.maxMemoryBytes !== null)
        await this.realEvictions.listen(this.store.primary.real.endpoint);
      const { steps } = this.schedule;
      for (let index = 0; index < steps.length && this.divergence === undefined; index++) {
        await this.step(index, steps[index] as RedisStep);
      }
      const lastMs = steps.at(-1)?.atMs ?? 0;
      if (this.divergence === undefined && !this.store.down)
        await this.compareAlive(steps.length - 1, lastMs, 'keys at the end');
      if (this.divergence === undefined) await this.classifyRealEvictions(steps.length - 1);
    } finally {
      this.realEvictions.disconnect();
      await this.store.release();
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
    await this.store.before(index, step);
    if (step.kind === 'boot') return this.store.boot(index, step);
    await this.pace(step.atMs);
    await this.dataset.checkExpired(index, step.atMs);
    if (this.divergence === undefined && step.atMs - this.lastDatasetMs >= this.options.datasetCheckEveryMs) {
      this.lastDatasetMs = step.atMs;
      if (!this.store.down) await this.compareAlive(index, step.atMs, 'keys alive');
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
        return this.store.crash(step);
      case 'failover':
        return this.store.failover();
    }
  }

  /** Compares the real database with the keys the model holds alive at `atMs`. */
  private compareAlive(index: number, atMs: number, what: string): Promise<void> {
    return this.dataset.compareDataset(index, atMs, this.shadow.liveAt(atMs), 'expiry', what);
  }

  // ---- commands ----

  private async command(index: number, step: Step<'command'>): Promise<void> {
    const model = step.reply;
    if (!model.ok && model.error.startsWith(UNMODELLED_PREFIX)) return this.exclude('unmodelled-command');
    if (this.store.down) throw new Error(`step ${index}: a command reached a crashed node`);
    if (isOom(model) && this.store.controlled && this.schedule.config.maxMemoryBytes !== null)
      await this.calibrate();
    const real = await sendCommand(this.store.primary.client, step.command, this.realArgs(step));
    const lateMs = Math.max(0, this.clock.virtualNow() - step.atMs);
    for (const [key, entry] of step.writes ?? []) {
      // Only a write that gave the key a new deadline fixes when it goes (a refused SET NX does not).
      if (entry !== null && entry.expireAtMs !== this.shadow.deadlineOf(key))
        this.dataset.noteLate(key, lateMs);
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
    for (const key of named) await this.dataset.repair(key, step.atMs);
  }

  /** Which rule, if any, explains a reply that differs. */
  private async ruleForReply(
    step: Step<'command'>,
    real: RedisReply,
    deadlinesBefore: ReadonlyArray<number | null | undefined>,
    lateMs: number,
  ): Promise<RedisExclusionRule | undefined> {
    const named = keysNamed(step.command, step.args);
    if (!this.store.controlled && named.some((key) => this.modelEvicted.has(key)))
      return 'uncontrolled-server';
    await this.realEvictions.settle(); // eviction notices sent before the reply have arrived
    if (named.some((key) => this.evicted(key))) return 'eviction-sampled';
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
    if (this.store.down) return;
    const aheadMs = atMs - this.clock.virtualNow();
    if (aheadMs > this.options.realTimeGapMsMax) await this.clock.warpTo(atMs, this.store.clients());
    else if (aheadMs > 0) await this.wall.sleep(aheadMs);
    // A timer on a busy machine fires late: what it overslept is taken back.
    const lateMs = this.clock.virtualNow() - atMs;
    if (lateMs > LAG_MS_MAX) {
      await this.clock.warpTo(atMs, this.store.clients());
      await this.dataset.reviveStalled(atMs, lateMs);
    }
  }

  // ---- eviction ----

  private async evict(index: number, step: Step<'evict'>): Promise<void> {
    this.modelEvicted.add(step.key);
    this.shadow.remove(step.key);
    if (!this.store.controlled) {
      this.exclude('uncontrolled-server');
      await this.store.primary.client.del(step.key);
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

  /** Whether the model or the real server evicted the key. */
  private evicted(key: string): boolean {
    return this.modelEvicted.has(key) || this.realEvictions.has(key);
  }

  private allowedToEvict(hadTtl: boolean | undefined): boolean {
    const policy = this.schedule.config.maxMemoryPolicy;
    return policy === 'allkeys-lru' || (policy === 'volatile-lru' && hadTtl === true);
  }

  /** The model just ran out of memory: so does the real server, from its own used_memory on. */
  private async calibrate(): Promise<void> {
    this.calibrated = true;
    const info = await this.store.primary.client.info('memory');
    const used = Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
    await this.store.primary.client.config('SET', 'maxmemory', String(Math.max(1, used - 1)));
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
}
