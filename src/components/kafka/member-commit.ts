/**
 * A member's offset commits: commitSync with resends, and the auto-committer's commit of
 * positions. A fenced commit (the member was removed, or the generation moved on) or one that
 * could not get through sends the member back to rejoin, which restarts every assigned partition
 * from its committed offset.
 */
import type { Proc } from '../../engine/effects.js';
import { requestWithRetries } from './broker-request.js';
import { KAFKA_METHODS, type CommitOffsetsRequest, type CommitOffsetsResponse } from './kafka-protocol.js';
import type { Lease, MemberContext, MemberState } from './member-state.js';

type Offsets = CommitOffsetsRequest['offsets'];

/** True when the commit took; the broker traces both outcomes (kafka.commit, kafka.commit.fenced). */
export function* commitOffsets(
  ctx: MemberContext,
  state: MemberState,
  lease: Lease,
  offsets: Offsets,
): Proc<boolean> {
  const { world, settings } = ctx;
  const request: CommitOffsetsRequest = { groupId: settings.groupId, ...lease, offsets };
  const retried = yield* requestWithRetries<CommitOffsetsResponse>(
    world,
    ctx.node.name,
    ctx.brokerNode,
    KAFKA_METHODS.commitOffsets,
    request,
    {
      requestTimeoutMs: settings.requestTimeoutMs,
      retryBackoffMs: settings.retryBackoffMs,
      retries: Number.MAX_SAFE_INTEGER,
      deadlineMs: world.sim.now + settings.defaultApiTimeoutMs,
    },
  );
  const current = state.memberId === lease.memberId;
  if (retried.type === 'ok' && retried.value === 'ok') {
    if (current) for (const { partition, offset } of offsets) state.committed.set(partition, offset);
    return true;
  }
  // Fenced: the member id is dead, so rejoin as a new member, as the Java client resets it.
  if (retried.type === 'ok' && current) state.memberId = null;
  state.rejoinNeeded = true;
  return false;
}

/** Commits the position of every assigned partition that moved since the last commit. */
export function* commitPositions(ctx: MemberContext, state: MemberState): Proc<void> {
  if (state.memberId === null) return;
  const offsets = [...state.positions]
    .filter(([partition, offset]) => state.committed.get(partition) !== offset)
    .map(([partition, offset]) => ({ partition, offset }));
  if (offsets.length === 0) return;
  yield* commitOffsets(ctx, state, { memberId: state.memberId, generation: state.generation }, offsets);
}
