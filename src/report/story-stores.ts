/**
 * What happens inside Redis and PostgreSQL to a payment's keys and transactions, apart from the
 * calls (story-calls.ts): a TTL running out, an eviction, a statement held behind another
 * transaction's lock, a transaction the server rolled back on its own, and what a Redis restart
 * or failover kept.
 *
 * db-atomic's lease has no such step: it is a timestamp column (lease_until), so it "expires" only
 * when a later statement compares it with the clock, and that statement is told with its result.
 */
import type { TraceEvent, TraceEventOf } from '../engine/trace.js';
import { pausedSince } from './story-calls.js';
import type { RedisEvent } from './story-events.js';
import type { CallFacts, StoryIndex } from './story-index.js';
import { formatT, type StoryStep } from './story-step.js';

const ROLLBACK_REASONS: Readonly<Record<string, (client: string) => string>> = {
  'server-crash': () => 'postgres crashed',
  'client-crash': (client) => `${client}'s connection closed (it crashed)`,
  'idle-timeout': () => 'it sat idle in its transaction too long',
};

/** A step for a store entry of the payment, if it tells something the call lines do not. */
export function storeStep(
  entry: TraceEvent,
  index: StoryIndex,
  trace: readonly TraceEvent[],
): StoryStep | undefined {
  const tMs = entry.t;
  switch (entry.type) {
    case 'redis.exec':
      return {
        tMs,
        actor: entry.node,
        kind: 'store',
        text: `${entry.node} runs ${entry.command} -> ${entry.reply}`,
        label: `${entry.command} -> ${entry.reply}`,
      };
    case 'redis.expire':
      return expiryStep(entry, index, trace);
    case 'redis.evict':
      return {
        tMs,
        actor: entry.node,
        kind: 'store',
        text: `${entry.node} evicts ${entry.key} to free memory`,
        label: `evicts ${entry.key}`,
      };
    case 'pg.wait': {
      const on = String(entry.on);
      return {
        tMs,
        actor: entry.node,
        kind: 'store',
        text:
          entry.lock === 'unique key'
            ? `${entry.node} holds ${entry.client}'s statement until transaction ${on} ends: it wrote the same unique key and has not committed`
            : `${entry.node} holds ${entry.client}'s statement until transaction ${on} ends: it holds a row the statement must lock (FOR ${entry.lock.toUpperCase()})`,
        label: `${entry.client} waits for ${on}`,
      };
    }
    case 'pg.rollback': {
      const why = ROLLBACK_REASONS[entry.reason];
      if (why === undefined) return undefined; // the client's own ROLLBACK, or an error: told with its statement
      const session = String(entry.session);
      return {
        tMs,
        actor: entry.node,
        kind: 'store',
        text: `${entry.node} rolls back ${entry.client}'s transaction ${session}: ${why(entry.client)}`,
        label: `rolls back ${session}`,
      };
    }
    default:
      return undefined;
  }
}

/** What a Redis restart or failover kept, told when the payment's calls touched that Redis. */
export function redisWorldStep(entry: RedisEvent): StoryStep | undefined {
  if (entry.type !== 'redis.crash' && entry.type !== 'redis.failover') return undefined;
  const { node, keysKept, keysBefore } = entry;
  const lost = entry.writesLost === null ? '' : `; ${entry.writesLost} acknowledged writes lost`;
  if (entry.type === 'redis.crash') {
    return {
      tMs: entry.t,
      actor: node,
      kind: 'store',
      label: `keeps ${keysKept} of ${keysBefore} keys`,
      text: `${node} will come back with ${keysKept} of its ${keysBefore} keys (${entry.crash} crash, persistence ${entry.persistence})${lost}`,
    };
  }
  return {
    tMs: entry.t,
    actor: node,
    kind: 'store',
    label: `fails over: ${keysKept} keys kept`,
    text: `${node} fails over to its replica, which has ${keysKept} keys${lost}`,
  };
}

/** "redis lets idem:k expire (its 1 s TTL ran out): the key is free again while service-1 is still working on this payment". */
function expiryStep(
  entry: TraceEventOf<'redis.expire'>,
  index: StoryIndex,
  trace: readonly TraceEvent[],
): StoryStep {
  const { node, key, ttlMs } = entry;
  const ttl = ttlMs !== null ? `its ${formatDuration(ttlMs)} TTL ran out` : 'its TTL ran out';
  const writer = lastWriter(index, key, entry.t);
  const holder = writer?.caller;
  const working = holder !== undefined && stillWorking(index, holder, entry.t, trace);
  const paused = working ? pausedSince(trace, holder, entry.t) : undefined;
  const who = paused === undefined ? holder : `${holder}, paused since ${formatT(paused)},`;
  const onWhat =
    index.attempts > 1 && writer?.attempt !== undefined ? `attempt ${writer.attempt}` : 'this payment';
  const free = working
    ? `the key is free again while ${who} is still working on ${onWhat}`
    : 'the key is free again';
  const label = ttlMs !== null ? `${key} expires (TTL ${formatDuration(ttlMs)})` : `${key} expires`;
  return {
    tMs: entry.t,
    actor: node,
    kind: 'store',
    text: `${node} lets ${key} expire (${ttl}): ${free}`,
    label,
  };
}

/** The call whose command last set the key, among the payment's calls. */
function lastWriter(index: StoryIndex, key: string, tMs: number): CallFacts | undefined {
  let writer: CallFacts | undefined;
  for (const facts of index.calls.values()) {
    const exec = facts.exec;
    if (exec?.type !== 'redis.exec' || exec.t > tMs || exec.reply !== 'OK') continue;
    if (exec.command.split(' ')[1] === key && (writer?.exec?.t ?? -Infinity) <= exec.t) writer = facts;
  }
  return writer;
}

/** The node is serving one of the payment's calls at `tMs` and has not crashed since it arrived. */
function stillWorking(index: StoryIndex, node: string, tMs: number, trace: readonly TraceEvent[]): boolean {
  return [...index.calls.values()].some((facts) => {
    if (facts.callee !== node || facts.arriveMs === undefined || facts.arriveMs > tMs) return false;
    if (facts.replyMs !== undefined && facts.replyMs <= tMs) return false;
    const arrivedMs = facts.arriveMs;
    return !trace.some((e) => e.type === 'node.crash' && e.node === node && e.t >= arrivedMs && e.t <= tMs);
  });
}

/** 200 -> "200 ms", 1000 -> "1 s", 1500 -> "1.5 s", 90000 -> "1.5 min", 86400000 -> "24 h". */
function formatDuration(ms: number): string {
  const trim = (value: number): string => String(Number(value.toFixed(1)));
  if (ms < 1000) return `${trim(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}
