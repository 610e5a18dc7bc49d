/**
 * A payment's Kafka records after they are appended: handed to a consumer (again, on a
 * redelivery), committed past or fenced, and the group changes around them (a consumer leaving
 * after max.poll.interval, a member removed, a rebalance). The produce itself is a call
 * (story-calls.ts).
 */
import type { TraceEvent } from '../engine/trace.js';
import { recordKey } from './story-events.js';
import type { StoryIndex } from './story-index.js';
import { formatT, type StoryStep } from './story-step.js';

const REMOVAL_WORDS: Readonly<Record<string, string>> = {
  'session-timeout': 'no heartbeat within its session timeout',
  'rebalance-timeout': 'it did not rejoin within the rebalance timeout',
  leave: 'it left',
};

/** Where the payment's records stand at the point the story has reached. */
export interface RecordProgress {
  /** Times each record ("partition@offset") was handed out so far. */
  readonly handovers: Map<string, number>;
  /** Records appended or handed out again and not yet committed past: the group's news matters. */
  readonly open: Set<string>;
}

export function newRecordProgress(): RecordProgress {
  return { handovers: new Map(), open: new Set() };
}

/** Moves the progress past one of the payment's entries (before it is told). */
export function trackRecords(entry: TraceEvent, index: StoryIndex, progress: RecordProgress): void {
  if (entry.type === 'kafka.append' || entry.type === 'kafka.consume')
    progress.open.add(recordKey(entry.partition, entry.offset));
  if (entry.type === 'kafka.commit')
    for (const offset of index.commits.get(entry) ?? [])
      progress.open.delete(recordKey(entry.partition, offset));
}

/** A step for a Kafka entry of the payment (resend, consume, commit, handler error). */
export function kafkaStep(
  entry: TraceEvent,
  index: StoryIndex,
  progress: RecordProgress,
): StoryStep | undefined {
  switch (entry.type) {
    case 'kafka.produce.resend':
      return {
        tMs: entry.t,
        actor: entry.node,
        kind: 'node',
        label: `producer resends (attempt ${entry.attempt})`,
        text: `${entry.node}'s producer sends the same record again (attempt ${entry.attempt}): no ack came in time`,
      };
    case 'kafka.produce.give-up': {
      const outcome = entry.indeterminate ? 'it may or may not be in the log' : 'it is not in the log';
      return {
        tMs: entry.t,
        actor: entry.node,
        kind: 'node',
        label: 'producer gives up',
        text: `${entry.node}'s producer gives up on the record: ${outcome}`,
      };
    }
    case 'kafka.consume': {
      const { node, partition, offset } = entry;
      const at = recordKey(partition, offset);
      const nth = (progress.handovers.get(at) ?? 0) + 1;
      progress.handovers.set(at, nth);
      const first = index.records.get(at)?.firstConsume;
      const broker = brokerOf(index);
      const where = `${topicOf(index, partition)} partition ${partition}, offset ${offset}`;
      const generation = `generation ${entry.generation}`;
      const text =
        nth > 1 && first !== undefined
          ? `${node} polls the record at ${where} again and hands it to its handler (${generation}): a redelivery, first handed to ${first.node} at ${formatT(first.tMs)}`
          : `${node} polls the record at ${where} and hands it to its handler (${generation})`;
      const label = `record ${at} (${generation})${nth > 1 ? ' again' : ''}`;
      return { tMs: entry.t, actor: broker, kind: 'deliver', from: broker, to: node, label, text };
    }
    case 'kafka.commit':
    case 'kafka.commit.fenced': {
      const node = nodeOf(index, entry.member);
      const broker = brokerOf(index);
      const covered = index.commits.get(entry) ?? [];
      const records =
        covered.length === 1
          ? `this payment's record (offset ${covered[0]})`
          : `this payment's records (offsets ${covered.join(', ')})`;
      const commit = `offset ${entry.offset} on ${topicOf(index, entry.partition)} partition ${entry.partition}`;
      const text =
        entry.type === 'kafka.commit.fenced'
          ? `${broker} refuses ${node}'s commit of ${commit}: ${fencedWhy(entry.reason, entry.generation, entry.member)} (fenced: too late to undo what its handler did)`
          : `${node} commits ${commit}: the group is done with ${records}`;
      const result = entry.type === 'kafka.commit.fenced' ? 'fenced' : 'ok';
      return {
        tMs: entry.t,
        actor: broker,
        kind: 'exec',
        from: node,
        to: broker,
        label: `commit offset ${entry.offset}`,
        result,
        text,
      };
    }
    case 'kafka.handler-error':
      return {
        tMs: entry.t,
        actor: entry.node,
        kind: 'node',
        text: `${entry.node}'s handler fails on the record at ${recordKey(entry.partition, entry.offset)}: ${entry.error}: ${entry.message}`,
        label: `handler fails: ${entry.error}`,
      };
    default:
      return undefined;
  }
}

/** Why the coordinator refused a commit. */
function fencedWhy(
  reason: 'illegal-generation' | 'unknown-member',
  generation: number,
  member: string,
): string {
  return reason === 'illegal-generation'
    ? `generation ${generation} is over`
    : `${member} is no longer in the group`;
}

/** The topic of the payment's records on a partition (one topic per group). */
function topicOf(index: StoryIndex, partition: number): string | undefined {
  for (const record of index.records.values()) if (record.partition === partition) return record.topic;
  return undefined;
}

/** The broker node the payment's records went to. */
function brokerOf(index: StoryIndex): string {
  for (const record of index.records.values()) return record.broker;
  return 'kafka';
}

/** The node of a group member: known from its consumes, else from its id ("consumer-2-3"). */
function nodeOf(index: StoryIndex, member: string): string {
  return index.members.get(member) ?? member.replace(/-\d+$/, '');
}

/** A change in a consumer group that handled the payment's records, while one is not yet committed past. */
export function kafkaWorldStep(
  entry: TraceEvent,
  index: StoryIndex,
  progress: RecordProgress,
): StoryStep | undefined {
  if (progress.open.size === 0) return undefined;
  const broker = brokerOf(index);
  switch (entry.type) {
    case 'kafka.poll-timeout': {
      if (!index.members.has(entry.member)) return undefined;
      return {
        tMs: entry.t,
        actor: entry.node,
        kind: 'node',
        label: 'leaves the group (max.poll.interval)',
        text: `${entry.node} has not polled since ${formatT(entry.lastPollMs)}, past max.poll.interval: it leaves the group, though its handler may still be running`,
      };
    }
    case 'kafka.member.remove': {
      if (!index.members.has(entry.member)) return undefined;
      const why = REMOVAL_WORDS[entry.reason] ?? entry.reason;
      return {
        tMs: entry.t,
        actor: broker,
        kind: 'node',
        text: `${broker} removes ${entry.member} from the group: ${why}`,
        label: `removes ${entry.member}`,
      };
    }
    case 'kafka.rebalance': {
      if (!index.groups.has(entry.group)) return undefined;
      const parts = [...entry.assignment.matchAll(/(\S+):\[([^\]]*)\]/g)].map(([, member, partitions]) =>
        partitions === ''
          ? `${member} gets none`
          : `${member} gets ${partitions?.includes(',') ? 'partitions' : 'partition'} ${partitions}`,
      );
      return {
        tMs: entry.t,
        actor: broker,
        kind: 'node',
        label: `rebalance: generation ${entry.generation}`,
        text: `${broker} rebalances the group, generation ${entry.generation}: ${parts.length === 0 ? 'no member is left' : parts.join('; ')}`,
      };
    }
    default:
      return undefined;
  }
}
