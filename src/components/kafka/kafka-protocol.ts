/**
 * The Kafka wire model: what a broker stores and the requests its clients send it.
 *
 * Each request is one RPC through the simulated network (see world/rpc.ts), so a lost request or
 * a lost reply is the same ambiguity a real client faces. The protocol is a simplification of
 * Kafka's: metadata and producer-id requests as in Kafka; AddPartitionsToTxn folded into the first
 * transactional produce to a partition; JoinGroup, SyncGroup and OffsetFetch folded into one
 * join that returns the assignment with its committed offsets.
 */
import type { CausalContext } from '../../world/causal-context.js';

/** RPC method names a broker node serves. */
export const KAFKA_METHODS = {
  metadata: 'kafka.metadata',
  initProducerId: 'kafka.init-producer-id',
  produce: 'kafka.produce',
  endTxn: 'kafka.end-txn',
  fetch: 'kafka.fetch',
  joinGroup: 'kafka.join-group',
  heartbeat: 'kafka.heartbeat',
  leaveGroup: 'kafka.leave-group',
  commitOffsets: 'kafka.commit-offsets',
} as const;

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** A transaction as the broker tracks it; its records' visibility follows its status. */
export interface TxnState {
  readonly id: number;
  readonly producerId: number;
  status: 'open' | 'committed' | 'aborted';
  /** "topic/partition" of every partition it wrote to: each gets a marker when it ends. */
  readonly partitions: Set<string>;
  readonly startedAtMs: number;
}

/** One entry of a partition log: a data record, or a transaction marker. */
export interface LogEntry {
  readonly offset: number;
  readonly key: string | null;
  readonly value: unknown;
  /** When the broker appended it (LogAppendTime), ms of virtual time. */
  readonly timestampMs: number;
  /** The producing process's causal context: travels like a trace header; strategies never see it. */
  readonly context: CausalContext | null;
  readonly producerId: number | null;
  readonly sequence: number | null;
  /** The transaction that wrote it, if any. */
  readonly txn: TxnState | null;
  /** Commit and abort markers take an offset but are never handed to a consumer. */
  readonly marker: 'commit' | 'abort' | null;
}

export type KafkaErrorCode = 'unknown-topic-or-partition' | 'producer-fenced' | 'invalid-txn-state';

export interface MetadataResponse {
  /** Partition count per topic. */
  readonly topics: Readonly<Record<string, number>>;
}

export interface InitProducerIdRequest {
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  readonly producerId: number;
  readonly epoch: number;
}

export interface ProduceRequest {
  readonly topic: string;
  readonly partition: number;
  readonly key: string | null;
  readonly value: unknown;
  /** Null for a producer without idempotence: the broker then appends every copy it receives. */
  readonly producerId: number | null;
  readonly epoch: number;
  readonly sequence: number | null;
  readonly transactional: boolean;
}

export type ProduceResponse =
  | { readonly type: 'ok'; readonly offset: number; readonly duplicate: boolean }
  | { readonly type: 'error'; readonly error: KafkaErrorCode };

export interface EndTxnRequest {
  readonly producerId: number;
  readonly epoch: number;
  readonly commit: boolean;
}

export type EndTxnResponse =
  | { readonly type: 'ok' }
  | { readonly type: 'error'; readonly error: KafkaErrorCode };

export interface FetchRequest {
  readonly topic: string;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly offset: number }>;
  /** Most data records returned across all partitions. */
  readonly maxRecords: number;
  readonly isolationLevel: IsolationLevel;
  /** How long the broker holds an empty fetch open waiting for data, ms. */
  readonly maxWaitMs: number;
}

export interface FetchedPartition {
  readonly partition: number;
  readonly entries: readonly LogEntry[];
  /** Where the next fetch should start: past skipped markers and aborted records too. */
  readonly nextOffset: number;
}

export interface FetchResponse {
  readonly partitions: readonly FetchedPartition[];
}

export interface JoinGroupRequest {
  readonly groupId: string;
  readonly topic: string;
  /** Null on the first join, and after the member learnt it was removed. */
  readonly memberId: string | null;
  readonly node: string;
  readonly sessionTimeoutMs: number;
  /** How long the coordinator waits for members to rejoin (the client's max.poll.interval.ms). */
  readonly rebalanceTimeoutMs: number;
}

export interface AssignedPartition {
  readonly partition: number;
  /** The group's committed offset, or null if it never committed one. */
  readonly committedOffset: number | null;
  /** The log end offset (for auto.offset.reset = latest). */
  readonly endOffset: number;
}

export interface JoinGroupResponse {
  readonly memberId: string;
  readonly generation: number;
  readonly partitions: readonly AssignedPartition[];
}

export interface MemberRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly generation: number;
}

export type HeartbeatResponse = 'ok' | 'rebalance-in-progress' | 'unknown-member' | 'illegal-generation';

export interface CommitOffsetsRequest extends MemberRequest {
  /** The offset of the next record to read, per partition (Kafka's convention). */
  readonly offsets: ReadonlyArray<{ readonly partition: number; readonly offset: number }>;
}

/** fenced: the member is no longer in the group, or commits for an older generation. */
export type CommitOffsetsResponse = 'ok' | 'fenced';
