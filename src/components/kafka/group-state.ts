/**
 * What the group coordinator keeps per consumer group and per member, and what it needs from
 * the broker it runs in.
 */
import type { Future } from '../../engine/future.js';
import type { Proc } from '../../engine/effects.js';
import type { Simulation } from '../../engine/simulation.js';
import type { JoinGroupResponse } from './kafka-protocol.js';

export interface Member {
  readonly id: string;
  /** The node the member runs on. */
  readonly node: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  lastHeartbeatMs: number;
  /** Set while the member waits in a join for the rebalance to complete. */
  pendingJoin: Future<JoinGroupResponse> | null;
}

export interface Group {
  readonly id: string;
  readonly topic: string;
  generation: number;
  state: 'stable' | 'preparing';
  readonly members: Map<string, Member>;
  readonly committed: Map<number, number>;
  /** Counts rebalances, so a timer left from an earlier one knows it is stale. */
  round: number;
  /** The initial rebalance delay: an empty group's first rebalance completes no earlier. */
  notBeforeMs: number;
  /** Who was assigned each partition by the last completed rebalance. */
  readonly owners: Map<number, { readonly memberId: string; readonly node: string }>;
}

export interface GroupHost {
  readonly sim: Simulation;
  /** Runs a process on the broker node (it dies with the broker). */
  spawn(body: Proc, name: string): void;
  partitionCount(topic: string): number;
  endOffset(topic: string, partition: number): number;
  /** group.initial.rebalance.delay.ms. */
  readonly initialRebalanceDelayMs: number;
  /**
   * A rebalance moved `partition` from a member on `fromNode` to one on `toNode` while the group
   * had committed only up to `committedOffset` (null: nothing): for the exposure notes.
   */
  partitionMoved?(move: PartitionMove): void;
}

export interface PartitionMove {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: number | null;
  readonly fromNode: string;
  readonly toNode: string;
}

export function newGroup(id: string, topic: string): Group {
  return {
    id,
    topic,
    generation: 0,
    state: 'stable',
    members: new Map(),
    committed: new Map(),
    round: 0,
    notBeforeMs: 0,
    owners: new Map(),
  };
}
