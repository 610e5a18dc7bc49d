/**
 * One incarnation of a simulated Redis's memory: an ioredis-mock instance of its own, run on
 * virtual time.
 *
 * Clock. Redis reads its clock as whole milliseconds (mstime()) and a key is expired when
 * `mstime() > expireAt`, so `SET k v PX 200` at t=0 lives through t=200.999 and is gone at t=201.
 * ioredis-mock instead expires when `expireAt <= now` (its clock). To get Redis's rule out of the mock,
 * the store shows it the clock `floor(t) + 0.5` (through withVirtualDate, only around each
 * synchronous call), so every expiry the mock computes ends in .5, and right after each command the
 * store adds the other half: the stored expiry becomes `when + 1`, an integer, the first whole
 * millisecond at which Redis would report the key gone. PTTL replies are corrected by the same 1.
 * Every expiry stored here is in that form; `StoredEntry.expireAtMs` gives it in virtual ms.
 *
 * Keys touched. The server must know every key a command named or changed: it listens to the
 * mock's modified-key events (which scripts fire too) and adds the keys the command names.
 */
import RedisMock from 'ioredis-mock';
import type { EventEmitter } from 'node:events';
import { VIRTUAL_EPOCH_MS, withVirtualDate } from '../../world/virtual-date.js';
import { acquireMockHost, releaseMockHost } from './mock-host-pool.js';
import { redisModelSwitches } from './model-switches.js';
import type { ParsedCommand } from './redis-commands.js';
import { errorReply, type RedisReply } from './redis-protocol.js';

/** A key's state: its value and the first virtual ms at which it is gone (null: no TTL). */
export interface StoredEntry {
  readonly value: unknown;
  readonly expireAtMs: number | null;
}

/** A whole dataset: what a snapshot, an AOF or a replica holds. */
export type Image = ReadonlyMap<string, StoredEntry>;

export interface Execution {
  /** The reply; never rejects (an error is a reply). */
  readonly reply: Promise<RedisReply>;
  /** Every key the command named or changed, with its state afterwards (null: absent). */
  readonly touched: ReadonlyArray<readonly [string, StoredEntry | null]>;
}

/** The parts of ioredis-mock's instance the store relies on (internal to ioredis-mock 8.x). */
interface MockClient extends Record<ParsedCommand['method'], (...args: string[]) => Promise<unknown>> {
  readonly data: {
    get(key: string): unknown;
    has(key: string): boolean;
    set(key: string, value: unknown): void;
    delete(key: string): void;
    clear(): void;
  };
  readonly expires: {
    get(key: string): number | undefined;
    set(key: string, atMs: number): void;
    delete(key: string): void;
    clear(): void;
  };
  readonly context: { readonly modifiedKeyEvents: EventEmitter };
}

/**
 * Mock clients of disposed stores, by host, flushed: building one costs about 1 ms (it binds
 * every Redis command), clearing one almost nothing, and a hunt builds a store per case. The
 * client of a host is used by the one live store holding that host (mock-host-pool.ts).
 */
const idleClients = new Map<string, MockClient>();

export class MockStore {
  private readonly host = acquireMockHost();
  /** Built on first use: most runs never send Redis a command, and a mock client costs ~1 ms to build. */
  private created: MockClient | undefined;
  private readonly touched = new Set<string>();
  private collecting = false;
  private readonly onModified = (key: string): void => {
    if (this.collecting) this.touched.add(key);
  };

  private get client(): MockClient {
    if (this.created === undefined) {
      this.created =
        idleClients.get(this.host) ?? (new RedisMock({ host: this.host }) as unknown as MockClient);
      idleClients.delete(this.host);
      this.created.context.modifiedKeyEvents.on('modified', this.onModified);
    }
    return this.created;
  }

  /** Runs the command at once (atomically); only the reply waits for microtasks. */
  execute(nowMs: number, command: ParsedCommand): Execution {
    return withVirtualDate(presentedMs(nowMs), () => {
      const keptTtl = command.keepTtl ? this.liveExpiry(command.keys[0] as string, nowMs) : undefined;
      this.touched.clear();
      for (const key of command.keys) this.touched.add(key);
      this.collecting = true;
      let pending: Promise<unknown>;
      try {
        pending = this.client[command.method](...command.args);
      } catch (error) {
        pending = Promise.reject(error);
      } finally {
        this.collecting = false;
      }
      if (keptTtl !== undefined && this.client.data.has(command.keys[0] as string)) {
        this.client.expires.set(command.keys[0] as string, keptTtl);
      }
      const touched = [...this.touched].map((key) => [key, this.settle(key)] as const);
      const reply = pending.then(
        (value) => ({ ok: true as const, value: correctReply(command, value) }),
        errorReply,
      );
      return { reply, touched };
    });
  }

  /** Loads a dataset at `nowMs`, skipping what has expired by then; returns what it loaded. */
  load(nowMs: number, image: Image): Map<string, StoredEntry> {
    const loaded = new Map<string, StoredEntry>();
    for (const [key, entry] of image) {
      if (entry.expireAtMs !== null && Math.floor(nowMs) >= entry.expireAtMs) continue;
      this.client.data.set(key, entry.value);
      if (entry.expireAtMs !== null) this.client.expires.set(key, VIRTUAL_EPOCH_MS + entry.expireAtMs);
      loaded.set(key, entry);
    }
    return loaded;
  }

  /** Deletes a key outright (eviction, active expiry). */
  remove(key: string): void {
    this.client.data.delete(key);
  }

  /** Forgets everything and hands the mock's host, and its flushed client, back for reuse. */
  dispose(): void {
    const client = this.created;
    if (client !== undefined) {
      client.context.modifiedKeyEvents.off('modified', this.onModified);
      client.data.clear();
      client.expires.clear();
      idleClients.set(this.host, client);
    }
    releaseMockHost(this.host);
  }

  /** Completes a new expiry to Redis's rule (see the header) and reads the key's state. */
  private settle(key: string): StoredEntry | null {
    const { data, expires } = this.client;
    const raw = expires.get(key);
    if (raw !== undefined && !redisModelSwitches.expiry) expires.delete(key);
    else if (raw !== undefined && !Number.isInteger(raw)) expires.set(key, raw + 0.5);
    if (!data.has(key)) return null;
    const expireAt = expires.get(key);
    return { value: data.get(key), expireAtMs: expireAt === undefined ? null : expireAt - VIRTUAL_EPOCH_MS };
  }

  private liveExpiry(key: string, nowMs: number): number | undefined {
    const stored = this.client.expires.get(key);
    return stored !== undefined && stored > VIRTUAL_EPOCH_MS + presentedMs(nowMs) ? stored : undefined;
  }
}

/** Redis's whole-ms clock, plus the half that marks new expiries (see the header). */
function presentedMs(nowMs: number): number {
  return Math.floor(nowMs) + 0.5;
}

/** The mock's PTTL counts to the stored `when + 1`; Redis counts to `when`. */
function correctReply(command: ParsedCommand, value: unknown): unknown {
  return command.method === 'pttl' && typeof value === 'number' && value >= 0 ? value - 1 : value;
}
