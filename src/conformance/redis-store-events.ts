/**
 * The servers a Redis replay holds and what the schedule's store events do to them: RDB snapshots,
 * crashes, boots (restart, or the cut-off replica promoted), failovers and the replica behind them.
 * It exists apart from the session because these steps change which server answers for the node,
 * while the rest of the replay only asks for the current one; it sees the session only through a
 * narrow context.
 */
import { Redis } from 'ioredis';
import type { RecordedEntry, RedisSchedule, RedisStep } from '../components/redis/schedule-types.js';
import type { DatasetCheck } from './redis-dataset-check.js';
import type { EvictionNotices } from './redis-eviction-notices.js';
import type { RedisExclusionRule } from './redis-exclusion-rules.js';
import type { ModelShadow } from './redis-model-shadow.js';
import type { RealRedis, RedisServers } from './redis-servers.js';
import type { WarpedClock } from './redis-warped-clock.js';

type Step<K extends RedisStep['kind']> = Extract<RedisStep, { kind: K }>;

/** A real server and the replay's client to it. */
export interface Live {
  readonly real: RealRedis;
  readonly client: Redis;
}

/** What the store events need from the replay session. */
export interface StoreEventsContext {
  readonly schedule: RedisSchedule;
  readonly clock: WarpedClock;
  readonly shadow: ModelShadow;
  readonly evictions: EvictionNotices;
  readonly dataset: DatasetCheck;
  /** Brings the real servers' clocks to `atMs`. */
  pace(atMs: number): Promise<void>;
  exclude(rule: RedisExclusionRule): void;
}

export class StoreEvents {
  /** Every server this replay holds, released at the end. */
  private readonly owned: RealRedis[] = [];
  private current: Live | undefined;
  private replica: Live | undefined;
  /** A replica cut off before a failover: already its own master, its clock moved with the primary's. */
  private promoted: Live | undefined;
  /** Between a crash or failover and the next boot: no server answers for the node. */
  private isDown = false;
  /** The next boot loads the model's image instead of being compared (an excluded crash). */
  private loadImageAtBoot = false;
  private nextSnapshotMs = Infinity;
  /** The clock's total jump when the last RDB snapshot was taken. */
  private warpedAtSaveMs = 0;
  /** Step index before which each failover's replica is cut off. */
  private readonly cuts = new Set<number>();

  constructor(private readonly context: StoreEventsContext) {}

  /** The server answering for the node (set by `open`). */
  get primary(): Live {
    if (this.current === undefined) throw new Error('the replay has no server yet');
    return this.current;
  }

  get down(): boolean {
    return this.isDown;
  }

  /** Whether the replay started the server itself, so may crash, restart and replicate it. */
  get controlled(): boolean {
    return this.primary.real.process !== null;
  }

  /** The clients whose clocks move together: the primary and a promoted replica. */
  clients(): Redis[] {
    return this.promoted === undefined ? [this.primary.client] : [this.primary.client, this.promoted.client];
  }

  /** Takes a server for the schedule, with a replica if it fails over, and plans the replica's cut. */
  async open(servers: RedisServers, dedicated: boolean): Promise<void> {
    const { config } = this.context.schedule;
    this.current = this.connect(await servers.acquire(config, dedicated));
    await this.primary.client.ping();
    if (config.persistence === 'rdb') this.nextSnapshotMs = config.snapshotIntervalMs;
    if (this.controlled && config.replicationLagMs !== null) await this.startReplica();
    this.planCuts();
  }

  /** What must happen to the servers before step `index`: the replica's cut, the snapshots it passed. */
  async before(index: number, step: RedisStep): Promise<void> {
    if (this.cuts.has(index)) await this.cutReplica();
    await this.snapshotsBefore(step);
  }

  async crash(step: Step<'crash'>): Promise<void> {
    this.context.shadow.reset([]);
    if (!this.controlled) {
      this.context.exclude('uncontrolled-server');
      this.loadImageAtBoot = true;
      return;
    }
    if (step.crash === 'machine') {
      this.context.exclude('machine-crash');
      this.loadImageAtBoot = true;
    }
    await this.context.evictions.stop();
    this.primary.client.disconnect();
    await this.primary.real.process?.kill();
    this.isDown = true;
  }

  async boot(index: number, step: Step<'boot'>): Promise<void> {
    const { schedule, clock, dataset } = this.context;
    if (step.from === 'replica' && this.promoted !== undefined) {
      this.current = this.promoted;
      this.promoted = undefined;
    } else if (this.isDown && this.controlled) {
      await this.primary.real.process?.restart();
      this.current = this.connect(this.primary.real);
      // The RDB file's deadlines were written before the jumps since; AOF replays the jumps itself.
      if (step.from === 'rdb') await clock.catchUp(this.warpedAtSaveMs, this.primary.client);
    }
    this.isDown = false;
    await this.context.pace(step.atMs);
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
      await dataset.compareDataset(index, step.atMs, image, check, what);
    }
    this.context.shadow.reset(step.image);
    dataset.restartAt(step.atMs);
    if (schedule.config.persistence === 'rdb')
      this.nextSnapshotMs = step.atMs + schedule.config.snapshotIntervalMs;
    if (this.controlled && schedule.steps.slice(index + 1).some((later) => later.kind === 'failover'))
      await this.startReplica();
    if (this.controlled && schedule.config.maxMemoryBytes !== null)
      await this.context.evictions.listen(this.primary.real.endpoint);
  }

  async failover(): Promise<void> {
    this.context.shadow.reset([]);
    if (!this.controlled || this.promoted === undefined) {
      this.context.exclude('uncontrolled-server');
      this.loadImageAtBoot = true;
      return;
    }
    await this.context.evictions.stop();
    this.primary.client.disconnect();
    await this.primary.real.process?.kill();
    this.isDown = true;
  }

  /** Disconnects every client and releases every server this replay holds. */
  async release(): Promise<void> {
    for (const live of [this.current, this.replica, this.promoted]) live?.client.disconnect();
    const owned = this.owned.splice(0);
    await Promise.all(owned.map((real) => real.release().catch(() => undefined)));
  }

  /** With RDB, a SAVE at each snapshot instant the model passed: it holds every write made at or before it. */
  private async snapshotsBefore(step: RedisStep): Promise<void> {
    const passed = (atMs: number) => atMs < step.atMs || (atMs === step.atMs && step.kind === 'crash');
    while (passed(this.nextSnapshotMs)) {
      if (!this.isDown && this.controlled) {
        await this.primary.client.save();
        this.warpedAtSaveMs = this.context.clock.warpedMs;
      }
      this.nextSnapshotMs += this.context.schedule.config.snapshotIntervalMs;
    }
  }

  private async loadImage(image: ReadonlyMap<string, RecordedEntry>): Promise<void> {
    const client = this.primary.client;
    await client.flushdb();
    for (const [key, entry] of image) {
      if (entry.expireAtMs === null) await client.set(key, entry.value);
      else await client.set(key, entry.value, 'PXAT', this.context.clock.realExpireAt(entry.expireAtMs));
    }
  }

  /** Each failover's replica is cut off before the first step later than `replicationLagMs` before it. */
  private planCuts(): void {
    const { steps, config } = this.context.schedule;
    const lagMs = config.replicationLagMs;
    if (lagMs === null) return;
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
    if (replica === undefined || this.isDown) return;
    await this.primary.client.call('WAIT', '1', '10000');
    await replica.client.call('REPLICAOF', 'NO', 'ONE');
    this.promoted = replica;
    this.replica = undefined;
  }

  private connect(real: RealRedis, own = true): Live {
    if (own && !this.owned.includes(real)) this.owned.push(real);
    const { host, port, db } = real.endpoint;
    const client = new Redis({ host, port, db, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    return { real, client };
  }
}
