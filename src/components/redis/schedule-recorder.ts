/**
 * Collects a Redis server's schedule (schedule-types.ts) as it runs. The server holds one only
 * when the run asked for store schedules, so with recording off each hook is one undefined check.
 */
import type { RedisArg } from '../port/redis-port.js';
import type { Image, StoredEntry } from './mock-store.js';
import type { CrashKind, PersistenceMode } from './persistence.js';
import type { RedisReply } from './redis-protocol.js';
import type {
  RecordedEntry,
  RecordedKey,
  RedisSchedule,
  RedisScheduleConfig,
  RedisStep,
} from './schedule-types.js';

export class RedisScheduleRecorder {
  private readonly steps: RedisStep[] = [];

  constructor(
    private readonly node: string,
    private readonly config: RedisScheduleConfig,
  ) {}

  command(
    atMs: number,
    command: string,
    args: readonly RedisArg[],
    reply: RedisReply,
    source: 'client' | 'local',
    writes: ReadonlyArray<readonly [string, StoredEntry | null]> | undefined,
  ): void {
    const step: RedisStep = {
      kind: 'command',
      atMs,
      command: command.toUpperCase(),
      args: args.map(String),
      reply,
      source,
      ...(writes === undefined ? {} : { writes: writes.map(([key, entry]) => recordedKey(key, entry)) }),
    };
    this.steps.push(step);
  }

  expire(atMs: number, key: string, expireAtMs: number): void {
    this.steps.push({ kind: 'expire', atMs, key, expireAtMs });
  }

  evict(atMs: number, key: string, hadTtl: boolean): void {
    this.steps.push({ kind: 'evict', atMs, key, hadTtl });
  }

  crash(atMs: number, crash: CrashKind, persistence: PersistenceMode, lost: Iterable<string>): void {
    this.steps.push({ kind: 'crash', atMs, crash, persistence, lost: [...lost].sort() });
  }

  failover(atMs: number, lacked: Iterable<string>): void {
    this.steps.push({ kind: 'failover', atMs, lacked: [...lacked].sort() });
  }

  boot(atMs: number, from: 'nothing' | 'replica' | PersistenceMode, image: Image): void {
    const keys = [...image.keys()].sort();
    const recorded = keys.map((key) => recordedKey(key, image.get(key) ?? null));
    this.steps.push({ kind: 'boot', atMs, from, image: recorded });
  }

  schedule(): RedisSchedule {
    return { node: this.node, config: this.config, steps: this.steps };
  }
}

function recordedKey(key: string, entry: StoredEntry | null): RecordedKey {
  return [key, entry === null ? null : recordedEntry(entry)];
}

const UTF8 = new TextDecoder();

function recordedEntry(entry: StoredEntry): RecordedEntry {
  return { value: valueText(entry.value), expireAtMs: entry.expireAtMs };
}

/** Strings as stored; anything a script built (a hash, a list) as JSON, which no replay compares as a string. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // A Buffer is a Uint8Array: decoded without Node's global, since the stores also run in a browser.
  if (value instanceof Uint8Array) return UTF8.decode(value);
  return JSON.stringify(value instanceof Set || value instanceof Map ? [...value] : value) ?? '';
}
