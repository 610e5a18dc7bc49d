/**
 * A Kafka broker (a one-broker cluster): a node that serves the produce, fetch, transaction and
 * consumer-group requests of kafka-protocol.ts over the simulated network.
 *
 * Each request is handled atomically on arrival, as the other components do; only a fetch with
 * nothing to return waits (long poll) and a join waits for its rebalance. The log, the committed
 * offsets and the transaction state survive a broker crash (they are on disk, acks=all); group
 * membership does not (see group-coordinator.ts). Records carry the producing process's causal
 * context, so the consumer that handles one runs for the right payment intent, and a rebalance
 * that moves a partition holding uncommitted records notes their intents as touched by the fault
 * last seen on either member's node (world/exposure.ts).
 */
import { waitWithTimeout, type Proc } from '../../engine/effects.js';
import { Future } from '../../engine/future.js';
import { currentContext } from '../../world/causal-context.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import { GroupCoordinator } from './group-coordinator.js';
import type { PartitionMove } from './group-state.js';
import {
  KAFKA_METHODS,
  type CommitOffsetsRequest,
  type EndTxnRequest,
  type FetchRequest,
  type FetchedPartition,
  type FetchResponse,
  type InitProducerIdRequest,
  type JoinGroupRequest,
  type LogEntry,
  type MemberRequest,
  type MetadataResponse,
  type ProduceRequest,
  type ProduceResponse,
  type TxnState,
} from './kafka-protocol.js';
import { PartitionLog } from './partition-log.js';
import { TransactionCoordinator } from './transaction-coordinator.js';

export interface KafkaBrokerOptions {
  /** Topics created at start, with their partition counts (required; no auto-creation). */
  readonly topics: Readonly<Record<string, number>>;
  /** Wait for more members before an empty group's first rebalance, ms (default 3000, as Kafka). */
  readonly initialRebalanceDelayMs?: number;
}

export class KafkaBroker {
  private readonly logs = new Map<string, PartitionLog>();
  /**
   * The same logs by topic, indexed by partition: a fetch finds its logs without building a
   * `topic/partition` key per partition twice a long-poll.
   */
  private readonly logsByTopic = new Map<string, PartitionLog[]>();
  private readonly groups: GroupCoordinator;
  private readonly txns: TransactionCoordinator;
  /** Resolved (and replaced) on every append or transaction end, to wake long-polling fetches. */
  private dataArrived = new Future<void>();

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: KafkaBrokerOptions,
  ) {
    for (const [topic, partitions] of Object.entries(options.topics)) {
      const topicLogs: PartitionLog[] = [];
      for (let partition = 0; partition < partitions; partition++) {
        const log = new PartitionLog(topic, partition);
        this.logs.set(logKey(topic, partition), log);
        topicLogs.push(log);
      }
      this.logsByTopic.set(topic, topicLogs);
    }
    const sim = world.sim;
    const spawn = (body: Proc, name: string): void => void node.spawn(body, name, undefined);
    this.groups = new GroupCoordinator({
      sim,
      spawn,
      partitionCount: (topic) => this.partitionCount(topic),
      endOffset: (topic, partition) => this.partitionLog(topic, partition)?.endOffset ?? 0,
      initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 3000,
      partitionMoved: (move) => this.notePartitionMoved(move),
    });
    this.txns = new TransactionCoordinator({
      sim,
      spawn,
      writeMarkers: (txn, marker) => this.writeMarkers(txn, marker),
    });
    node.onCrash(() => this.groups.forgetMembers());
    node.onRestart(() => this.txns.resumeTimeouts());
    this.serve();
  }

  get name(): string {
    return this.node.name;
  }

  /** Every entry of one partition, markers included (for tests and reports). */
  entries(topic: string, partition: number): readonly LogEntry[] {
    return this.partitionLog(topic, partition)?.entries ?? [];
  }

  committedOffset(groupId: string, partition: number): number | undefined {
    return this.groups.committedOffset(groupId, partition);
  }

  /** Whether the group has formed with `membersExpected` members (see GroupCoordinator.settled). */
  groupSettled(groupId: string, membersExpected: number): boolean {
    return this.groups.settled(groupId, membersExpected);
  }

  private notePartitionMoved(move: PartitionMove): void {
    const { exposure } = this.world;
    const cause = exposure.blameFor(move.fromNode) ?? exposure.blameFor(move.toNode);
    if (cause === undefined) return;
    const entries = this.entries(move.topic, move.partition);
    for (let offset = move.committedOffset ?? 0; offset < entries.length; offset++) {
      const intentId = entries[offset]?.context?.intentId;
      if (intentId !== undefined) exposure.touch(cause, intentId);
    }
  }

  private serve(): void {
    const { node, groups, txns } = this;
    const M = KAFKA_METHODS;
    node.serve(M.metadata, () => immediate<MetadataResponse>(() => ({ topics: this.options.topics })));
    node.serve(M.initProducerId, (request) =>
      immediate(() => txns.initProducerId(request as InitProducerIdRequest)),
    );
    node.serve(M.produce, (request, _from, call) =>
      immediate(() => this.produce(request as ProduceRequest, call)),
    );
    node.serve(M.endTxn, (request) => {
      const { producerId, epoch, commit } = request as EndTxnRequest;
      return immediate(() => txns.endTxn(producerId, epoch, commit));
    });
    node.serve(M.fetch, (request) => this.fetch(request as FetchRequest));
    node.serve(M.joinGroup, (request) => groups.join(request as JoinGroupRequest));
    node.serve(M.heartbeat, (request) => immediate(() => groups.heartbeat(request as MemberRequest)));
    node.serve(M.leaveGroup, (request) => immediate(() => groups.leave(request as MemberRequest)));
    node.serve(M.commitOffsets, (request) => immediate(() => groups.commit(request as CommitOffsetsRequest)));
  }

  /** `call` is the produce request's RPC id: the trace ties the append (or dedup) to it. */
  private produce(request: ProduceRequest, call: number): ProduceResponse {
    const log = this.partitionLog(request.topic, request.partition);
    if (log === undefined) return { type: 'error', error: 'unknown-topic-or-partition' };
    const { producerId, epoch, sequence } = request;
    if (producerId !== null && !this.txns.isCurrent(producerId, epoch))
      return { type: 'error', error: 'producer-fenced' };
    const { sim } = this.world;
    const where = { topic: request.topic, partition: request.partition };
    if (producerId !== null && sequence !== null) {
      const offset = log.duplicateOf(producerId, epoch, sequence);
      if (offset !== undefined) {
        // Guarded, as the append below: with the trace off (every hunt case) no fields are built.
        if (sim.trace.enabled)
          sim.trace.record(sim.now, 'kafka.dedup', {
            ...where,
            offset,
            producer: producerId,
            seq: sequence,
            call,
          });
        return { type: 'ok', offset, duplicate: true };
      }
    }
    let txn: TxnState | null = null;
    if (request.transactional && producerId !== null) {
      txn = this.txns.openTxn(producerId);
      txn.partitions.add(logKey(request.topic, request.partition));
    }
    const context = currentContext(sim) ?? null;
    const { key, value } = request;
    const entry = log.append({ key, value, timestampMs: sim.now, context, producerId, sequence, txn }, epoch);
    // Guarded: with the trace off the spread is not built (V8's slow path, once per record).
    if (sim.trace.enabled)
      sim.trace.record(sim.now, 'kafka.append', {
        ...where,
        offset: entry.offset,
        key,
        producer: producerId,
        seq: sequence,
        txn: txn?.id ?? null,
        intent: context?.intentId ?? null,
        call,
      });
    this.wakeFetchers();
    return { type: 'ok', offset: entry.offset, duplicate: false };
  }

  /** Returns at once if there is anything to read, else waits up to maxWaitMs for data. */
  private *fetch(request: FetchRequest): Proc<FetchResponse> {
    const { sim } = this.world;
    const deadlineMs = sim.now + request.maxWaitMs;
    // Looks before it reads: `read` would answer empty exactly when `hasRecords` says no, and
    // an idle consumer's fetch looks twice for each answer it gets.
    while (sim.now < deadlineMs && !this.hasRecords(request)) {
      yield* waitWithTimeout(this.dataArrived, deadlineMs - sim.now);
    }
    return this.read(request);
  }

  /** Whether `read(request)` would return any record (its budget only limits how many). */
  private hasRecords(request: FetchRequest): boolean {
    if (request.maxRecords <= 0) return false;
    for (const { partition, offset } of request.partitions) {
      if (this.partitionLog(request.topic, partition)?.hasVisible(offset, request.isolationLevel))
        return true;
    }
    return false;
  }

  /** A plain loop, no closures: an idle consumer long-polls all run long, so this is a hot path. */
  private read(request: FetchRequest): FetchResponse {
    let budget = request.maxRecords;
    const partitions: FetchedPartition[] = [];
    for (const { partition, offset } of request.partitions) {
      const log = this.partitionLog(request.topic, partition);
      const read = log?.read(offset, budget, request.isolationLevel) ?? { entries: [], nextOffset: offset };
      budget -= read.entries.length;
      partitions.push({ partition, entries: read.entries, nextOffset: read.nextOffset });
    }
    return { partitions };
  }

  private writeMarkers(txn: TxnState, marker: 'commit' | 'abort'): void {
    for (const key of txn.partitions) this.logs.get(key)?.appendMarker(txn, marker, this.world.sim.now);
    this.wakeFetchers();
  }

  private wakeFetchers(): void {
    const arrived = this.dataArrived;
    this.dataArrived = new Future<void>();
    arrived.resolve();
  }

  private partitionCount(topic: string): number {
    return this.options.topics[topic] ?? 0;
  }

  private partitionLog(topic: string, partition: number): PartitionLog | undefined {
    return this.logsByTopic.get(topic)?.[partition];
  }
}

function logKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/**
 * A handler that answers at once. The work runs inside the request's process (not when the
 * handler is created), so it sees the caller's causal context.
 */
function* immediate<T>(work: () => T): Proc<T> {
  return work();
}
