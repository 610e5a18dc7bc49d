/**
 * What one consumer-group member knows, shared by its poll loop, its heartbeat thread and its
 * auto-committer (three processes on its node, as the Java client has a heartbeat thread). All of
 * it is in the node's memory: a crash loses it and the restarted member joins afresh.
 */
import type { FaultCause } from '../../world/exposure.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import type { ConsumerSettings, RecordHandler } from './consumer-options.js';
import type { ConsumptionLog } from './consumption-log.js';
import type { FetchRequest } from './kafka-protocol.js';

export interface MemberContext {
  readonly world: World;
  readonly node: Node;
  readonly brokerNode: string;
  readonly settings: ConsumerSettings;
  readonly handler: RecordHandler;
  readonly consumption: ConsumptionLog;
  /** Extra processing time per record on this node right now (the slow-consumer fault), ms. */
  slowdownMs(): number;
  /** The fault behind that extra time, if a fault of the plan set it. */
  slowdownCause(): FaultCause | undefined;
}

/** The membership a record was fetched under: its commit is fenced if that has ended. */
export interface Lease {
  readonly memberId: string;
  readonly generation: number;
}

export interface MemberState {
  /** Null before the first join, and once the member knows it is out of the group. */
  memberId: string | null;
  generation: number;
  partitions: readonly number[];
  /** Next offset to hand over, per assigned partition. */
  readonly positions: Map<number, number>;
  /** Offsets last committed, so an auto-commit that would change nothing is skipped. */
  readonly committed: Map<number, number>;
  /** Set by a heartbeat answer or a failed commit: the poll loop rejoins before fetching again. */
  rejoinNeeded: boolean;
  /** While a join is in flight the heartbeat thread is quiet and the poll timer stopped. */
  joining: boolean;
  /** When poll() was last entered, ms: max.poll.interval.ms counts from here. */
  lastPollMs: number;
  /** The last fetch request sent, reused while it still asks for the positions (consumer-member.ts). */
  lastFetch: FetchRequest | undefined;
}

export function newMemberState(nowMs: number): MemberState {
  return {
    memberId: null,
    generation: 0,
    partitions: [],
    positions: new Map(),
    committed: new Map(),
    rejoinNeeded: false,
    joining: false,
    lastPollMs: nowMs,
    lastFetch: undefined,
  };
}
