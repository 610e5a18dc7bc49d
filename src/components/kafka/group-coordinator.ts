/**
 * The consumer-group coordinator: membership, generations, rebalances and committed offsets.
 *
 * Kafka's classic (eager) protocol: a join, a leave or an expired session starts a rebalance; the
 * members learn of it from their heartbeats and rejoin at their next poll; when every member has
 * rejoined (or the rebalance timeout, the members' max.poll.interval.ms, has removed the ones that
 * did not) the generation is bumped and partitions are assigned again. A member is removed when
 * no heartbeat came for its session timeout. Commits are accepted only from a current member for
 * the current generation: a zombie's commit is fenced, though its side effects already happened.
 * Not modelled: static membership, the cooperative protocol, the leader-side assignment (the
 * coordinator assigns ranges itself), more than one topic per group, and the extension of the
 * initial rebalance delay by later joins (one delay only). A broker crash loses membership (real
 * Kafka reloads it from __consumer_offsets); committed offsets survive.
 */
import { Future } from '../../engine/future.js';
import { sleep, wait, type Proc } from '../../engine/effects.js';
import type { TraceEvents, TraceKind } from '../../engine/trace.js';
import type {
  CommitOffsetsRequest,
  CommitOffsetsResponse,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  MemberRequest,
} from './kafka-protocol.js';
import { newGroup, type Group, type GroupHost, type Member } from './group-state.js';
import { assignRange } from './range-assignor.js';

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private lastMemberNumber = 0;

  constructor(private readonly host: GroupHost) {}

  committedOffset(groupId: string, partition: number): number | undefined {
    return this.groups.get(groupId)?.committed.get(partition);
  }

  /**
   * Whether the group has formed: stable, past generation 0, with exactly `membersExpected`
   * members, none of them rejoining (the warm-up before a run's traffic waits for this).
   */
  settled(groupId: string, membersExpected: number): boolean {
    const group = this.groups.get(groupId);
    if (group === undefined || group.state !== 'stable' || group.generation === 0) return false;
    const members = [...group.members.values()];
    return members.length === membersExpected && members.every((member) => member.pendingJoin === null);
  }

  *join(request: JoinGroupRequest): Proc<JoinGroupResponse> {
    const group = this.groupFor(request.groupId, request.topic);
    const wasEmpty = group.members.size === 0;
    let member = request.memberId === null ? undefined : group.members.get(request.memberId);
    if (member === undefined) member = this.addMember(group, request);
    const joined = new Future<JoinGroupResponse>();
    member.pendingJoin = joined;
    if (group.state === 'stable') this.startRebalance(group, `join ${member.id}`, wasEmpty);
    this.tryComplete(group);
    return yield* wait(joined);
  }

  heartbeat(request: MemberRequest): HeartbeatResponse {
    const group = this.groups.get(request.groupId);
    const member = group?.members.get(request.memberId);
    if (group === undefined || member === undefined) return 'unknown-member';
    member.lastHeartbeatMs = this.host.sim.now;
    if (group.state === 'preparing') return 'rebalance-in-progress';
    return request.generation === group.generation ? 'ok' : 'illegal-generation';
  }

  leave(request: MemberRequest): void {
    const group = this.groups.get(request.groupId);
    const member = group?.members.get(request.memberId);
    if (group !== undefined && member !== undefined) this.remove(group, member, 'leave');
  }

  commit(request: CommitOffsetsRequest): CommitOffsetsResponse {
    const group = this.groups.get(request.groupId);
    const known = group?.members.has(request.memberId) === true;
    const current = known && request.generation === group?.generation;
    for (const { partition, offset } of request.offsets) {
      const commit = {
        group: request.groupId,
        member: request.memberId,
        generation: request.generation,
        partition,
        offset,
      };
      if (current) {
        this.trace('kafka.commit', commit);
        group?.committed.set(partition, offset);
      } else
        this.trace('kafka.commit.fenced', {
          ...commit,
          reason: known ? 'illegal-generation' : 'unknown-member',
        });
    }
    return current ? 'ok' : 'fenced';
  }

  /** A broker crash: membership is lost, committed offsets and generations are kept. */
  forgetMembers(): void {
    for (const group of this.groups.values()) {
      group.members.clear();
      group.state = 'stable';
      group.round++;
    }
  }

  private groupFor(groupId: string, topic: string): Group {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = newGroup(groupId, topic);
      this.groups.set(groupId, group);
    }
    if (group.topic !== topic)
      throw new Error(`group "${groupId}" consumes "${group.topic}", not "${topic}"`);
    return group;
  }

  private addMember(group: Group, request: JoinGroupRequest): Member {
    const member: Member = {
      id: `${request.node}-${++this.lastMemberNumber}`,
      node: request.node,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      lastHeartbeatMs: this.host.sim.now,
      pendingJoin: null,
    };
    group.members.set(member.id, member);
    this.trace('kafka.member.join', { group: group.id, member: member.id });
    this.host.spawn(this.watchSession(group, member), `kafka/session:${member.id}`);
    return member;
  }

  private startRebalance(group: Group, reason: string, initialDelay: boolean): void {
    group.state = 'preparing';
    const round = ++group.round;
    const { sim } = this.host;
    this.trace('kafka.rebalance.start', { group: group.id, generation: group.generation, reason });
    const timeoutMs = Math.max(0, ...[...group.members.values()].map((member) => member.rebalanceTimeoutMs));
    this.host.spawn(this.rebalanceTimeout(group, round, timeoutMs), `kafka/rebalance-timeout:${group.id}`);
    if (initialDelay && this.host.initialRebalanceDelayMs > 0) {
      group.notBeforeMs = sim.now + this.host.initialRebalanceDelayMs;
      this.host.spawn(
        this.completeLater(group, this.host.initialRebalanceDelayMs),
        `kafka/initial-delay:${group.id}`,
      );
    }
  }

  private *rebalanceTimeout(group: Group, round: number, timeoutMs: number): Proc {
    yield* sleep(timeoutMs);
    if (group.round !== round || group.state !== 'preparing') return;
    // Decide who missed the deadline before removing anyone: removing the last laggard completes
    // the new generation, which clears everyone's pending join, and they must not look late then.
    const laggards = [...group.members.values()].filter((member) => member.pendingJoin === null);
    for (const member of laggards) {
      if (group.round !== round || group.state !== 'preparing') break;
      this.remove(group, member, 'rebalance-timeout');
    }
    this.tryComplete(group);
  }

  private *completeLater(group: Group, delayMs: number): Proc {
    yield* sleep(delayMs);
    this.tryComplete(group);
  }

  private tryComplete(group: Group): void {
    const { sim } = this.host;
    if (group.state !== 'preparing' || sim.now < group.notBeforeMs) return;
    const members = [...group.members.values()];
    if (members.some((member) => member.pendingJoin === null)) return;
    group.generation++;
    group.state = 'stable';
    const assignment = assignRange([...group.members.keys()], this.host.partitionCount(group.topic));
    const described = [...assignment].map(([id, partitions]) => `${id}:[${partitions.join(',')}]`).join(' ');
    this.trace('kafka.rebalance', { group: group.id, generation: group.generation, assignment: described });
    this.noteMoves(group, assignment);
    for (const member of members) {
      const joined = member.pendingJoin as Future<JoinGroupResponse>;
      member.pendingJoin = null;
      member.lastHeartbeatMs = sim.now;
      const partitions = (assignment.get(member.id) ?? []).map((partition) => ({
        partition,
        committedOffset: group.committed.get(partition) ?? null,
        endOffset: this.host.endOffset(group.topic, partition),
      }));
      joined.resolve({ memberId: member.id, generation: group.generation, partitions });
    }
  }

  /** Tells the host of each partition that changed hands, then remembers the new owners. */
  private noteMoves(group: Group, assignment: ReadonlyMap<string, readonly number[]>): void {
    for (const [memberId, partitions] of assignment) {
      const node = group.members.get(memberId)?.node ?? memberId;
      for (const partition of partitions) {
        const before = group.owners.get(partition);
        group.owners.set(partition, { memberId, node });
        if (before === undefined || before.memberId === memberId) continue;
        this.host.partitionMoved?.({
          topic: group.topic,
          partition,
          committedOffset: group.committed.get(partition) ?? null,
          fromNode: before.node,
          toNode: node,
        });
      }
    }
  }

  private remove(
    group: Group,
    member: Member,
    reason: 'leave' | 'session-timeout' | 'rebalance-timeout',
  ): void {
    group.members.delete(member.id);
    this.trace('kafka.member.remove', { group: group.id, member: member.id, reason });
    if (group.state === 'stable') this.startRebalance(group, `${reason} ${member.id}`, false);
    this.tryComplete(group);
  }

  /** Removes the member when no heartbeat came for its session timeout (not while it rejoins). */
  private *watchSession(group: Group, member: Member): Proc {
    const { sim } = this.host;
    for (;;) {
      if (group.members.get(member.id) !== member) return;
      const dueMs =
        member.pendingJoin === null
          ? member.lastHeartbeatMs + member.sessionTimeoutMs
          : sim.now + member.sessionTimeoutMs;
      if (sim.now >= dueMs) return this.remove(group, member, 'session-timeout');
      yield* sleep(dueMs - sim.now);
    }
  }

  private trace<K extends TraceKind>(type: K, fields: TraceEvents[K]): void {
    this.host.sim.trace.record(this.host.sim.now, type, fields);
  }
}
