/**
 * Which trace entries are one payment's, and what the story needs to know about them, gathered
 * in one pass in trace order.
 *
 * An entry is the payment's when it carries its intent (calls, charges, Kafka appends and
 * consumes); when it was recorded for one of its calls (a store's `call` field: redis.exec,
 * pg.exec, kafka.dedup); when it names its idempotency key (Redis commands, expiries and
 * evictions on `idem-pay-03`, provider key decisions); for PostgreSQL, when it is on a session
 * one of its calls opened; for Kafka, when it commits past or fails on one of its records. The
 * record is found by partition and offset (one topic per group).
 */
import type { TraceEvent, TraceEventOf } from '../engine/trace.js';
import {
  callOf,
  isCallEvent,
  isCommitEvent,
  isExecEvent,
  isPgEvent,
  recordKey,
  type CallEvent,
  type CommitEvent,
  type ExecEvent,
} from './story-events.js';

/** What is known about one call of the payment. */
export interface CallFacts {
  readonly id: number;
  readonly caller: string;
  readonly callee: string;
  readonly method: string;
  /** The client attempt it is part of (its own number for a client call; its parent's otherwise). */
  readonly attempt: number | undefined;
  droppedRequest?: string;
  droppedReply?: string;
  arriveMs?: number;
  replyMs?: number;
  timeoutMs?: number;
  /** When the caller took the reply (rpc.ok): absent if it was lost or came too late. */
  okMs?: number;
  /** What the callee traced it ran for this call (redis.exec, pg.exec, kafka.append, kafka.dedup). */
  exec?: ExecEvent;
  /** The lost request's msg.drop, when it says what the request carried (its SQL, its command). */
  carried?: TraceEventOf<'msg.drop'>;
}

/** One of the payment's Kafka records, and what became of it. */
export interface RecordFacts {
  /** The broker node that appended it. */
  readonly broker: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The attempt whose produce appended it. */
  readonly attempt: number | undefined;
  /** Times it was handed to a consumer's handler, and the first of them. */
  consumes: number;
  firstConsume?: { readonly node: string; readonly tMs: number };
  /** Group members it was handed to: a later commit of theirs is its story (a zombie's, fenced). */
  readonly handledBy: Set<string>;
  /** A commit past it took: later commits are no longer its story. */
  committed: boolean;
}

export interface StoryIndex {
  /** The payment's entries, in trace order. */
  readonly mine: TraceEvent[];
  readonly calls: Map<number, CallFacts>;
  /** PostgreSQL sessions its calls ran statements on. */
  readonly sessions: Set<string>;
  /** Its Kafka records by "partition@offset". */
  readonly records: Map<string, RecordFacts>;
  /** Consumer-group members that handled its records, with their node. */
  readonly members: Map<string, string>;
  /** Consumer groups that handled its records. */
  readonly groups: Set<string>;
  /** For each commit (or fenced commit) of the story, the offsets of its records it covers. */
  readonly commits: Map<TraceEvent, number[]>;
  /** Nodes its calls and records touched. */
  readonly touched: Set<string>;
  /** Client attempts (calls the client made). */
  attempts: number;
}

const KEY_INTENT = /idem-(pay-\d+)/;

export function indexStory(trace: readonly TraceEvent[], intentId: string): StoryIndex {
  const index: StoryIndex = {
    mine: [],
    calls: new Map(),
    sessions: new Set(),
    records: new Map(),
    members: new Map(),
    groups: new Set(),
    commits: new Map(),
    touched: new Set(),
    attempts: 0,
  };
  for (const entry of trace) {
    if (!belongs(entry, intentId, index)) continue;
    index.mine.push(entry);
    learn(entry, index);
  }
  return index;
}

function belongs(entry: TraceEvent, intentId: string, index: StoryIndex): boolean {
  const call = callOf(entry);
  if (call !== undefined && index.calls.has(call) && !('intent' in entry)) return true;
  if ('intent' in entry) return entry.intent === intentId;
  const keyed = keyOf(entry);
  if (keyed !== undefined) return KEY_INTENT.exec(keyed)?.[1] === intentId;
  if (isPgEvent(entry)) return typeof entry.session === 'string' && index.sessions.has(entry.session);
  if (entry.type === 'kafka.handler-error')
    return index.records.has(recordKey(entry.partition, entry.offset));
  if (isCommitEvent(entry)) return committedPast(entry, index);
  return false;
}

/** The text that names an idempotency key, for the entries that name one (Redis commands and keys, provider key decisions). */
function keyOf(entry: TraceEvent): string | undefined {
  switch (entry.type) {
    case 'redis.exec':
      return entry.command;
    case 'redis.evict':
    case 'redis.expire':
    case 'psp.key':
      return String(entry.key);
    default:
      return undefined;
  }
}

/**
 * A commit past one of the payment's records, up to the first that took (after a redelivery,
 * again), and a commit refused to a member the record was handed to (a zombie finishing late).
 * Before processing, the commit comes before the record is handed to the handler.
 */
function committedPast(entry: CommitEvent, index: StoryIndex): boolean {
  const covered: number[] = [];
  const zombie = (record: RecordFacts): boolean =>
    entry.type === 'kafka.commit.fenced' &&
    record.handledBy.has(entry.member) &&
    entry.offset === record.offset + 1;
  for (const record of index.records.values()) {
    if (record.partition !== entry.partition || entry.offset <= record.offset) continue;
    if (record.committed && !zombie(record)) continue;
    covered.push(record.offset);
    if (entry.type === 'kafka.commit') record.committed = true;
  }
  if (covered.length > 0) index.commits.set(entry, covered);
  return covered.length > 0;
}

function learn(entry: TraceEvent, index: StoryIndex): void {
  if (isCallEvent(entry)) learnCall(entry, index);
  else if (isExecEvent(entry) && typeof entry.call === 'number') {
    const facts = index.calls.get(entry.call);
    if (facts !== undefined) facts.exec = entry;
  }
  if (entry.type === 'pg.exec' && typeof entry.session === 'string') index.sessions.add(entry.session);
  if (entry.type === 'kafka.append') {
    const { partition, offset } = entry;
    const produce = index.calls.get(entry.call);
    const [attempt, broker] = [produce?.attempt, produce?.callee ?? 'kafka'];
    const record = {
      broker,
      topic: entry.topic,
      partition,
      offset,
      attempt,
      consumes: 0,
      committed: false,
      handledBy: new Set<string>(),
    };
    index.records.set(recordKey(partition, offset), record);
  }
  if (entry.type === 'kafka.consume') {
    const record = index.records.get(recordKey(entry.partition, entry.offset));
    const { node } = entry;
    if (record !== undefined) {
      // Handed out again: whatever commit follows is part of the story again.
      if (++record.consumes > 1) record.committed = false;
      record.firstConsume ??= { node, tMs: entry.t };
      record.handledBy.add(entry.member);
    }
    index.members.set(entry.member, node);
    index.groups.add(entry.group);
    index.touched.add(node);
  }
}

function learnCall(entry: CallEvent, index: StoryIndex): void {
  const { call: id, from: caller, to: callee, method } = entry;
  let facts = index.calls.get(id);
  if (facts === undefined) {
    // Calls are traced before their children, so the parent's attempt is known.
    const parent =
      entry.type === 'rpc.call' && entry.parent !== null ? index.calls.get(entry.parent) : undefined;
    const attempt = caller === 'client' ? ++index.attempts : parent?.attempt;
    facts = { id, caller, callee, method, attempt };
    index.calls.set(id, facts);
  }
  index.touched.add(caller).add(callee);
  switch (entry.type) {
    case 'msg.drop':
      if (entry.leg === 'request') {
        facts.droppedRequest = entry.reason;
        if ('sql' in entry || 'command' in entry) facts.carried = entry;
      } else facts.droppedReply = entry.reason;
      break;
    case 'rpc.arrive':
      facts.arriveMs = entry.t;
      break;
    case 'rpc.reply':
    case 'rpc.refuse':
      facts.replyMs = entry.t;
      break;
    case 'rpc.timeout':
      facts.timeoutMs = entry.t;
      break;
    case 'rpc.ok':
      facts.okMs = entry.t;
      break;
  }
}

/** The client attempt an entry of the story is part of, when the trace says. */
export function attemptOf(entry: TraceEvent, index: StoryIndex): number | undefined {
  const call = callOf(entry);
  if (call !== undefined) return index.calls.get(call)?.attempt;
  if (entry.type === 'kafka.consume' || entry.type === 'kafka.handler-error') {
    return index.records.get(recordKey(entry.partition, entry.offset))?.attempt;
  }
  const covered = index.commits.get(entry);
  if (covered?.length === 1 && isCommitEvent(entry))
    return index.records.get(recordKey(entry.partition, String(covered[0])))?.attempt;
  return undefined;
}
