/**
 * The groups of trace events the story reads alike, as type guards on the one union of trace
 * events (engine/trace.ts), so a reader narrows once and reads typed fields.
 */
import type { TraceEvent, TraceEventOf } from '../engine/trace.js';

/** An entry about one call: its messages and what became of them. */
export type CallEvent = Extract<TraceEvent, { readonly type: `rpc.${string}` | 'msg.drop' }>;

/** What a store traced it ran for a call. */
export type ExecEvent = TraceEventOf<'redis.exec' | 'pg.exec' | 'kafka.append' | 'kafka.dedup'>;

export type PgEvent = Extract<TraceEvent, { readonly type: `pg.${string}` }>;
export type RedisEvent = Extract<TraceEvent, { readonly type: `redis.${string}` }>;

/** A consumer group's commit of an offset, taken or fenced. */
export type CommitEvent = TraceEventOf<'kafka.commit' | 'kafka.commit.fenced'>;

export function isCallEvent(entry: TraceEvent): entry is CallEvent {
  return entry.type.startsWith('rpc.') || entry.type === 'msg.drop';
}

export function isExecEvent(entry: TraceEvent): entry is ExecEvent {
  return (
    entry.type === 'redis.exec' ||
    entry.type === 'pg.exec' ||
    entry.type === 'kafka.append' ||
    entry.type === 'kafka.dedup'
  );
}

export function isPgEvent(entry: TraceEvent): entry is PgEvent {
  return entry.type.startsWith('pg.');
}

export function isRedisEvent(entry: TraceEvent): entry is RedisEvent {
  return entry.type.startsWith('redis.');
}

export function isCommitEvent(entry: TraceEvent): entry is CommitEvent {
  return entry.type === 'kafka.commit' || entry.type === 'kafka.commit.fenced';
}

/** The RPC id an entry names in its `call` field, when it names one. */
export function callOf(entry: TraceEvent): number | undefined {
  return 'call' in entry && typeof entry.call === 'number' ? entry.call : undefined;
}

/** "partition@offset": how the story keys a Kafka record. */
export function recordKey(partition: number, offset: number | string): string {
  return `${partition}@${offset}`;
}
