/**
 * The trace events the simulated Kafka writes: the broker appending (or deduplicating) a record
 * for a produce call and ending transactions; the group coordinator's members, rebalances and
 * commits (fenced or not); consumers handing records to their handler and leaving after
 * max.poll.interval; producers resending and giving up; and the slow-consumer fault.
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging).
 */

/** Where a consumer handed a record to its handler: group, node, member, partition and offset. */
export interface ConsumedAtFields {
  readonly group: string;
  readonly node: string;
  readonly member: string;
  readonly partition: number;
  readonly offset: number;
}

/** A producer's record in flight: which producer (null: not idempotent) and its sequence. */
export interface ProducingFields {
  readonly node: string;
  readonly topic: string;
  readonly partition: number;
  readonly producer: number | null;
  readonly seq: number | null;
}

/** A commit of a consumer group's offset on one partition. */
export interface CommitFields {
  readonly group: string;
  readonly member: string;
  readonly generation: number;
  readonly partition: number;
  /** The next offset to consume: the records before it are done. */
  readonly offset: number;
}

export interface TxnEndFields {
  readonly producer: number;
  readonly txn: number;
  readonly reason: 'requested' | 'fenced' | 'timeout';
}

declare module '../../engine/trace.js' {
  interface TraceEvents {
    'kafka.append': {
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
      readonly key: string | null;
      readonly producer: number | null;
      readonly seq: number | null;
      readonly txn: number | null;
      readonly intent: string | null;
      /** The produce call's RPC id. */
      readonly call: number;
    };
    /** An idempotent producer's resend of a record the log already has, at `offset`. */
    'kafka.dedup': {
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
      readonly producer: number;
      readonly seq: number;
      readonly call: number;
    };
    'kafka.txn.commit': TxnEndFields;
    'kafka.txn.abort': TxnEndFields;
    'kafka.member.join': { readonly group: string; readonly member: string };
    'kafka.member.remove': {
      readonly group: string;
      readonly member: string;
      readonly reason: 'leave' | 'session-timeout' | 'rebalance-timeout';
    };
    'kafka.rebalance.start': { readonly group: string; readonly generation: number; readonly reason: string };
    'kafka.rebalance': {
      readonly group: string;
      readonly generation: number;
      /** "member:[0,1] member:[]": each member and its partitions. */
      readonly assignment: string;
    };
    'kafka.commit': CommitFields;
    'kafka.commit.fenced': CommitFields & { readonly reason: 'illegal-generation' | 'unknown-member' };
    'kafka.consume': ConsumedAtFields & { readonly generation: number; readonly intent: string | null };
    'kafka.handled': ConsumedAtFields & { readonly outcome: 'ok' | 'error' };
    'kafka.handler-error': ConsumedAtFields & { readonly error: string; readonly message: string };
    'kafka.poll-timeout': {
      readonly group: string;
      readonly node: string;
      readonly member: string;
      /** When it last polled: max.poll.interval after it, it leaves the group. */
      readonly lastPollMs: number;
    };
    'kafka.producer.init': { readonly node: string; readonly producer: number; readonly epoch: number };
    'kafka.produce.resend': ProducingFields & { readonly attempt: number; readonly intent: string | null };
    'kafka.produce.give-up': ProducingFields & {
      /** True when the record may be in the log (a timeout), false when it is not (refused). */
      readonly indeterminate: boolean;
      readonly intent: string | null;
    };
    /** The slow-consumer fault sets (or, with 0, ends) a node's delay before each record. */
    'kafka.slow-consumer': { readonly node: string; readonly delayMs: number };
  }
}
