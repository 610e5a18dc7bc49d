/**
 * A Redis server: a node that executes each command atomically when it arrives and replies
 * through the network, so the world's crash, pause, partition and lost reply apply unchanged.
 *
 * Data lives in an ioredis-mock store per incarnation (mock-store.ts, on virtual time, with
 * Redis's millisecond expiry rule). Around it the server models what the mock lacks: a memory
 * budget with eviction (key-space.ts), persistence across a restart (persistence.ts) and a lagging
 * replica for failover (replica.ts), and it traces each TTL expiry when it happens
 * (expiry-notices.ts). A plain crash of the node is a kill of the redis-server process; `restart`
 * can also crash the whole machine. It remembers which payment intent last wrote each key, so a
 * crash, failover or eviction that a fault caused notes the intents whose keys it lost or
 * removed (world/exposure.ts). Asked to (`recordSchedule`), it records its schedule for a
 * conformance replay (schedule-types.ts). Checked against a real Redis 7 by replaying such schedules
 * (src/conformance/redis-replay.ts): commands, expiry, restarts, failovers and the class of evicted
 * keys agree; where a real server cannot be mirrored (sampled LRU and its byte count, so which keys
 * go and when OOM starts; a machine crash; a real clock near a deadline) the replay leaves the
 * comparison out by a named rule of conformance/redis-exclusion-rules.ts. Not modelled: MULTI/EXEC, blocking commands, pub/sub,
 * client-side connection state, replicas serving reads.
 */
import { awaitPromise, type Proc } from '../../engine/effects.js';
import type { TraceEvents } from '../../engine/trace.js';
import { currentContext } from '../../world/causal-context.js';
import type { FaultCause } from '../../world/exposure.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import { ExpiryNotices } from './expiry-notices.js';
import { KeySpace, type EvictionPolicy } from './key-space.js';
import { MockStore, type Image, type StoredEntry } from './mock-store.js';
import { Persistence, type CrashKind, type PersistenceMode } from './persistence.js';
import { parseCommand, type ParsedCommand } from './redis-commands.js';
import type { RedisArg } from '../port/redis-port.js';
import {
  errorReply,
  OOM_MESSAGE,
  REDIS_METHOD,
  type RedisReply,
  type RedisRequest,
} from './redis-protocol.js';
import { Replica } from './replica.js';
import { RedisScheduleRecorder } from './schedule-recorder.js';
import type { RedisSchedule } from './schedule-types.js';
import { describeCommand, describeReply } from './trace-text.js';

/** The kinds of trace event this server writes through `record`. */
type RedisKind = 'redis.exec' | 'redis.evict' | 'redis.crash' | 'redis.failover' | 'redis.boot';

export interface RedisServerOptions {
  /** What survives a restart: 'none', 'rdb' or 'aof-everysec'. Default 'none'. */
  readonly persistence?: PersistenceMode;
  /** With 'rdb': ms between snapshots, counted from boot. Default 60_000. */
  readonly snapshotIntervalMs?: number;
  /** ms the replica trails the primary; default: no replica (a failover is then an error). */
  readonly replicationLagMs?: number;
  /** maxmemory, in bytes of the model in key-size.ts. Default Infinity (no limit). */
  readonly maxMemoryBytes?: number;
  /** maxmemory-policy. Default 'noeviction', as in Redis. */
  readonly maxMemoryPolicy?: EvictionPolicy;
}

export class RedisServer {
  private store: MockStore | undefined;
  private keySpace = new KeySpace();
  private readonly persistence: Persistence;
  /** Traces TTL expiries when they happen; records only. */
  private readonly expiries: ExpiryNotices;
  private readonly replica: Replica | undefined;
  private readonly maxMemoryBytes: number;
  private readonly policy: EvictionPolicy;
  /** How the next crash of the node happens; a plain world crash is a process kill. */
  private nextCrash: CrashKind | 'failover' = 'process';
  /** What the next boot loads, decided at the crash. */
  private recovery: { readonly image: Image; readonly from: 'nothing' | 'replica' | PersistenceMode } = {
    image: new Map(),
    from: 'nothing',
  };
  private incarnation = 0;
  /** Per key, the intent whose work last wrote it and the state it wrote (identity tells a lost write). */
  private writers = new Map<string, { readonly intentId: string; readonly entry: StoredEntry }>();
  /** The fault whose memory pressure evicts keys (a co-tenant's cache load), once one started. */
  private pressure: FaultCause | undefined;
  /** The schedule being recorded, when the run asked for it. */
  private readonly recorder: RedisScheduleRecorder | undefined;

  constructor(
    readonly world: World,
    readonly node: Node,
    options: RedisServerOptions = {},
    /** Record the schedule for a conformance replay (default false: nothing is kept). */
    recordSchedule = false,
  ) {
    this.persistence = new Persistence(options.persistence ?? 'none', options.snapshotIntervalMs ?? 60_000);
    this.replica = options.replicationLagMs === undefined ? undefined : new Replica(options.replicationLagMs);
    this.maxMemoryBytes = options.maxMemoryBytes ?? Infinity;
    this.policy = options.maxMemoryPolicy ?? 'noeviction';
    this.recorder = recordSchedule
      ? new RedisScheduleRecorder(node.name, {
          persistence: this.persistence.mode,
          snapshotIntervalMs: options.snapshotIntervalMs ?? 60_000,
          replicationLagMs: options.replicationLagMs ?? null,
          maxMemoryBytes: Number.isFinite(this.maxMemoryBytes) ? this.maxMemoryBytes : null,
          maxMemoryPolicy: this.policy,
        })
      : undefined;
    this.expiries = new ExpiryNotices(world.sim, node.name, (key) => this.keySpace.expiryOf(key));
    node.serve(REDIS_METHOD, (request, _from, call) => {
      const { command, args } = request as RedisRequest;
      return this.execute(command, args, true, call);
    });
    node.onCrash((cause) => this.crashed(cause));
    node.onRestart(() => this.boot());
    this.boot();
  }

  get name(): string {
    return this.node.name;
  }

  /** Bytes the live keys take, by the model in key-size.ts. */
  get usedMemoryBytes(): number {
    return this.keySpace.usedBytes;
  }

  /** What this server executed, when it was built to record it. */
  schedule(): RedisSchedule | undefined {
    return this.recorder?.schedule();
  }

  /** The live keys (expired ones purged first), for tests and reports. */
  keys(): string[] {
    if (this.store !== undefined) this.housekeeping(this.world.sim.now);
    return this.keySpace.keys();
  }

  /**
   * Runs one command now, atomically. `traced: false` keeps bulk co-tenant load out of the trace;
   * `call` is the id of the RPC that brought it, for the trace (null when run directly).
   */
  *execute(
    command: string,
    args: readonly RedisArg[],
    traced = true,
    call: number | null = null,
  ): Proc<RedisReply> {
    const store = this.store;
    if (store === undefined) throw new Error(`redis node "${this.name}" is down; nothing should reach it`);
    const nowMs = this.world.sim.now;
    let parsed: ParsedCommand;
    try {
      parsed = parseCommand(command, args);
    } catch (error) {
      return this.replied(traced, call, command, args, errorReply(error), nowMs, undefined);
    }
    this.housekeeping(nowMs);
    if (!this.makeRoom(nowMs, parsed)) {
      const refused: RedisReply = { ok: false, error: OOM_MESSAGE };
      return this.replied(traced, call, command, args, refused, nowMs, undefined);
    }
    const execution = store.execute(nowMs, parsed);
    const intentId = parsed.write ? currentContext(this.world.sim)?.intentId : undefined;
    for (const [key, entry] of execution.touched) {
      const expireBeforeMs = this.keySpace.expiryOf(key);
      this.keySpace.update(key, entry, nowMs);
      if (parsed.write) this.logWrite(nowMs, key, entry);
      if (intentId !== undefined) {
        if (entry === null) this.writers.delete(key);
        else this.writers.set(key, { intentId, entry });
      }
      // The TTL this command gave: a key set at t with PX n is gone at floor(t) + n + 1 (mock-store.ts).
      if (traced && entry !== null && entry.expireAtMs !== null && entry.expireAtMs !== expireBeforeMs) {
        this.expiries.arm(key, entry.expireAtMs, entry.expireAtMs - 1 - Math.floor(nowMs));
      }
    }
    const reply = yield* awaitPromise(() => execution.reply);
    const writes = parsed.write ? execution.touched : undefined;
    return this.replied(traced, call, command, args, reply, nowMs, writes);
  }

  /**
   * Crashes the process or the machine now, and boots again after `downtimeMs`. `cause`: the
   * fault this is, which answers for the intents' keys it loses.
   */
  restart(crash: CrashKind, downtimeMs = 0, cause?: FaultCause): void {
    if (this.node.state !== 'crashed') {
      this.nextCrash = crash;
      this.node.crash(cause);
    }
    this.bootAfter(downtimeMs);
  }

  /** The primary dies now; after `downtimeMs` its replica, as of now, serves in its place. */
  failover(downtimeMs = 0, cause?: FaultCause): void {
    const replica = this.replica;
    if (replica === undefined)
      throw new Error(`redis node "${this.name}" has no replica: set replicationLagMs`);
    if (this.node.state === 'crashed') {
      const promoted = replica.promote(this.world.sim.now);
      this.recorder?.failover(this.world.sim.now, replica.lackedKeys());
      this.recovery = { image: promoted.image, from: 'replica' };
      this.noteLost(promoted.image, cause);
      this.record('redis.failover', {
        keysBefore: 0,
        keysKept: promoted.image.size,
        writesLost: promoted.writesLost,
      });
    } else {
      this.nextCrash = 'failover';
      this.node.crash(cause);
    }
    this.bootAfter(downtimeMs);
  }

  /** From now on, evictions are this fault's doing (a co-tenant's load competes for the memory). */
  pressuredBy(cause: FaultCause): void {
    this.pressure = cause;
  }

  private bootAfter(downtimeMs: number): void {
    if (downtimeMs === 0) this.node.restart();
    else this.world.sim.schedule(downtimeMs, () => this.node.restart(), `${this.name}:boot`);
  }

  /** Active expiry, and the persistence and replication that have happened by now. */
  private housekeeping(nowMs: number): void {
    for (const { key, expireAtMs } of this.keySpace.takeExpired(nowMs)) {
      this.store?.remove(key);
      this.expiries.taken(key, expireAtMs);
      this.recorder?.expire(nowMs, key, expireAtMs);
    }
    this.persistence.sync(nowMs);
    this.replica?.sync(nowMs);
  }

  /** Evicts by policy while over budget; false if a denyoom command must be refused (OOM). */
  private makeRoom(nowMs: number, command: ParsedCommand): boolean {
    while (this.keySpace.usedBytes > this.maxMemoryBytes) {
      const key = this.keySpace.evictionCandidate(this.policy);
      if (key === undefined) return !command.denyOom;
      this.recorder?.evict(nowMs, key, this.keySpace.expiryOf(key) !== null);
      this.store?.remove(key);
      this.keySpace.remove(key);
      this.logWrite(nowMs, key, null);
      this.noteEvicted(key);
      this.record('redis.evict', { key, policy: this.policy, usedBytes: this.keySpace.usedBytes });
    }
    return true;
  }

  private logWrite(nowMs: number, key: string, entry: StoredEntry | null): void {
    this.persistence.record(nowMs, key, entry);
    this.replica?.record(nowMs, key, entry);
  }

  /** An evicted key an intent wrote: the fault behind the memory pressure touched that intent. */
  private noteEvicted(key: string): void {
    const writer = this.writers.get(key);
    if (writer === undefined) return;
    this.writers.delete(key);
    if (this.pressure !== undefined) this.world.exposure.touch(this.pressure, writer.intentId);
  }

  /** The live keys an intent wrote that `image` does not hold as written: lost by `cause`. */
  private noteLost(image: Image, cause: FaultCause | undefined): void {
    if (cause === undefined) return;
    for (const [key, writer] of this.writers) {
      const live = this.keySpace.expiryOf(key) !== undefined;
      if (live && image.get(key) !== writer.entry) this.world.exposure.touch(cause, writer.intentId);
    }
  }

  private crashed(cause: FaultCause | undefined): void {
    const nowMs = this.world.sim.now;
    const kind = this.nextCrash;
    this.nextCrash = 'process';
    this.housekeeping(nowMs);
    this.expiries.disarmAll();
    const keysBefore = this.keySpace.count;
    if (kind === 'failover') {
      const promoted = (this.replica as Replica).promote(nowMs);
      this.recorder?.failover(nowMs, (this.replica as Replica).lackedKeys());
      this.recovery = { image: promoted.image, from: 'replica' };
      this.noteLost(promoted.image, cause);
      this.record('redis.failover', {
        keysBefore,
        keysKept: promoted.image.size,
        writesLost: promoted.writesLost,
      });
    } else {
      const { mode } = this.persistence;
      const recovered = this.persistence.recover(nowMs, kind);
      // Optional chaining skips the arguments too: nothing is computed when not recording.
      this.recorder?.crash(
        nowMs,
        kind,
        mode,
        mode === 'none' ? this.keySpace.keys() : this.persistence.lostKeys(),
      );
      this.replica?.primaryLost(nowMs);
      this.recovery = { image: recovered.image, from: mode === 'none' ? 'nothing' : mode };
      this.noteLost(recovered.image, cause);
      const kept = { keysBefore, keysKept: recovered.image.size, writesLost: recovered.writesLost };
      this.record('redis.crash', { crash: kind, persistence: mode, ...kept });
    }
    this.store?.dispose();
    this.store = undefined;
  }

  /**
   * The run is over: hands the store's mock host and client back for the next run (a long hunt
   * builds one Redis per case, and ioredis-mock never forgets a host it has seen).
   */
  release(): void {
    this.store?.dispose();
    this.store = undefined;
  }

  private boot(): void {
    const nowMs = this.world.sim.now;
    this.incarnation++;
    this.store = new MockStore();
    const loaded = this.store.load(nowMs, this.recovery.image);
    this.keySpace = new KeySpace();
    for (const [key, entry] of loaded) {
      this.keySpace.update(key, entry, nowMs);
      if (entry.expireAtMs !== null) this.expiries.arm(key, entry.expireAtMs, null);
    }
    this.persistence.boot(nowMs, loaded);
    this.forgetWritersNotIn(loaded);
    this.replica?.resync(loaded);
    if (this.incarnation > 1) {
      this.recorder?.boot(nowMs, this.recovery.from, loaded);
      this.record('redis.boot', {
        incarnation: this.incarnation,
        from: this.recovery.from,
        keys: loaded.size,
      });
    }
    this.recovery = { image: new Map(), from: 'nothing' };
  }

  /** After a boot, only the keys loaded as their intent wrote them still speak for that intent. */
  private forgetWritersNotIn(loaded: ReadonlyMap<string, StoredEntry>): void {
    if (this.writers.size === 0) return;
    const kept = new Map<string, { readonly intentId: string; readonly entry: StoredEntry }>();
    for (const [key, writer] of this.writers) if (loaded.get(key) === writer.entry) kept.set(key, writer);
    this.writers = kept;
  }

  private replied(
    traced: boolean,
    call: number | null,
    command: string,
    args: readonly RedisArg[],
    reply: RedisReply,
    nowMs: number,
    writes: ReadonlyArray<readonly [string, StoredEntry | null]> | undefined,
  ): RedisReply {
    this.recorder?.command(nowMs, command, args, reply, traced ? 'client' : 'local', writes);
    if (traced && this.world.sim.trace.enabled) {
      this.record('redis.exec', {
        call,
        command: describeCommand(command, args),
        reply: describeReply(reply),
      });
    }
    return reply;
  }

  /** Records an event of this node: `fields` are the kind's own, after `node`. */
  private record<K extends RedisKind>(type: K, fields: Omit<TraceEvents[K], 'node'>): void {
    const { sim } = this.world;
    // The cast joins the two halves the signature checked: the node, then K's other fields.
    if (sim.trace.enabled) sim.trace.record(sim.now, type, { node: this.name, ...fields } as TraceEvents[K]);
  }
}
