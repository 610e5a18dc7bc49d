/**
 * A member's background processes: the heartbeat thread, which also enforces max.poll.interval.ms
 * (a member that has not polled for that long leaves the group, as the Java client's heartbeat
 * thread does, while its handler may still be running: a zombie), and librdkafka-style
 * auto-commit on a timer.
 */
import { sleep, type Proc } from '../../engine/effects.js';
import { call } from '../../world/rpc.js';
import { KAFKA_METHODS, type HeartbeatResponse, type MemberRequest } from './kafka-protocol.js';
import { commitPositions } from './member-commit.js';
import type { MemberContext, MemberState } from './member-state.js';

export function* heartbeatLoop(ctx: MemberContext, state: MemberState): Proc {
  const { sim } = ctx.world;
  const { heartbeatIntervalMs, maxPollIntervalMs } = ctx.settings;
  let nextBeatMs = sim.now + heartbeatIntervalMs;
  for (;;) {
    const active = state.memberId !== null && !state.joining;
    const wakeMs = active ? Math.min(nextBeatMs, state.lastPollMs + maxPollIntervalMs) : nextBeatMs;
    if (wakeMs > sim.now) yield* sleep(wakeMs - sim.now);
    if (state.memberId === null || state.joining) {
      nextBeatMs = sim.now + heartbeatIntervalMs;
      continue;
    }
    if (sim.now >= state.lastPollMs + maxPollIntervalMs) {
      yield* leaveGroup(ctx, state, state.memberId);
      continue;
    }
    if (sim.now < nextBeatMs) continue;
    nextBeatMs = sim.now + heartbeatIntervalMs;
    yield* beat(ctx, state, state.memberId);
  }
}

/** librdkafka's auto-commit: every interval, whatever has been handed to the handler. */
export function* autoCommitLoop(ctx: MemberContext, state: MemberState): Proc {
  for (;;) {
    yield* sleep(ctx.settings.autoCommitIntervalMs);
    if (!state.joining) yield* commitPositions(ctx, state);
  }
}

function* beat(ctx: MemberContext, state: MemberState, memberId: string): Proc {
  const request: MemberRequest = { groupId: ctx.settings.groupId, memberId, generation: state.generation };
  const { world, node, brokerNode, settings } = ctx;
  const outcome = yield* call<HeartbeatResponse>(
    world,
    node.name,
    brokerNode,
    KAFKA_METHODS.heartbeat,
    request,
    {
      timeoutMs: settings.requestTimeoutMs,
    },
  );
  if (outcome.type !== 'ok' || outcome.value === 'ok' || state.memberId !== memberId) return;
  state.rejoinNeeded = true;
  if (outcome.value === 'unknown-member') state.memberId = null;
}

function* leaveGroup(ctx: MemberContext, state: MemberState, memberId: string): Proc {
  const { sim } = ctx.world;
  sim.trace.record(sim.now, 'kafka.poll-timeout', {
    group: ctx.settings.groupId,
    node: ctx.node.name,
    member: memberId,
    lastPollMs: state.lastPollMs,
  });
  state.memberId = null;
  state.rejoinNeeded = true;
  const request: MemberRequest = { groupId: ctx.settings.groupId, memberId, generation: state.generation };
  yield* call(ctx.world, ctx.node.name, ctx.brokerNode, KAFKA_METHODS.leaveGroup, request, {
    timeoutMs: ctx.settings.requestTimeoutMs,
  });
}
