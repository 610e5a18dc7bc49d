/**
 * One consumer-group member: the poll loop of a Kafka consumer on one node.
 *
 * It joins the group, starts each assigned partition at the group's committed offset, fetches,
 * and hands records one at a time to the caller's handler, committing as its commit mode says.
 * Each record is handled in its own process running in the record's causal context, so a charge
 * the handler makes is attributed to the payment intent that produced the record. A failed or
 * fenced commit abandons the rest of the batch and rejoins (the Java client throws
 * CommitFailedException out of the loop); a member that overran max.poll.interval.ms has been
 * taken out of the group by its heartbeat thread, yet finishes what it is doing: a zombie.
 * Every hand-over is an arrival of its intent at the code under test, so a redelivery shows as a
 * repeat in the world's exposure notes; a slow-consumer fault that delays one touches its intent.
 */
import { sleep, wait, type Proc } from '../../engine/effects.js';
import { currentContext } from '../../world/causal-context.js';
import { call } from '../../world/rpc.js';
import type { ConsumedRecord } from '../port/kafka-port.js';
import {
  KAFKA_METHODS,
  type FetchRequest,
  type FetchResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
  type LogEntry,
} from './kafka-protocol.js';
import { commitOffsets, commitPositions } from './member-commit.js';
import { autoCommitLoop, heartbeatLoop } from './member-heartbeat.js';
import { newMemberState, type Lease, type MemberContext, type MemberState } from './member-state.js';
import type { ConsumedAtFields } from './kafka-trace-events.js';

export function* runMember(ctx: MemberContext): Proc {
  const { sim } = ctx.world;
  const { settings, node } = ctx;
  const state = newMemberState(sim.now);
  node.spawn(heartbeatLoop(ctx, state), `${node.name}/kafka-heartbeat:${settings.groupId}`, undefined);
  if (settings.commitMode === 'auto') {
    node.spawn(autoCommitLoop(ctx, state), `${node.name}/kafka-auto-commit:${settings.groupId}`, undefined);
  }
  let lastAutoCommitMs = sim.now;
  for (;;) {
    state.lastPollMs = sim.now;
    if (state.memberId === null || state.rejoinNeeded) {
      yield* rejoin(ctx, state);
      continue;
    }
    if (
      settings.commitMode === 'auto-in-poll' &&
      sim.now - lastAutoCommitMs >= settings.autoCommitIntervalMs
    ) {
      lastAutoCommitMs = sim.now;
      node.spawn(commitPositions(ctx, state), `${node.name}/kafka-commit:${settings.groupId}`, undefined);
    }
    const { memberId, generation } = state;
    const fetched = yield* fetchRecords(ctx, state);
    if (fetched === null) yield* sleep(settings.retryBackoffMs);
    else if (hasEntries(fetched)) yield* processBatch(ctx, state, { memberId, generation }, fetched);
    else skipEmpty(state, memberId, fetched);
  }
}

function hasEntries(fetched: FetchResponse): boolean {
  for (const { entries } of fetched.partitions) if (entries.length > 0) return true;
  return false;
}

/**
 * What `processBatch` does with a batch without records, without its generator: most fetches
 * of an idle consumer come back empty. It still moves past the markers and aborted records the
 * fetch skipped.
 */
function skipEmpty(state: MemberState, memberId: string, fetched: FetchResponse): void {
  for (const { partition, nextOffset } of fetched.partitions) {
    if (state.memberId === memberId) state.positions.set(partition, nextOffset);
  }
}

function* rejoin(ctx: MemberContext, state: MemberState): Proc {
  const { settings, world, node } = ctx;
  const autoCommits = settings.commitMode === 'auto' || settings.commitMode === 'auto-in-poll';
  if (autoCommits && state.memberId !== null) yield* commitPositions(ctx, state);
  const request: JoinGroupRequest = {
    groupId: settings.groupId,
    topic: settings.topic,
    memberId: state.memberId,
    node: node.name,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    rebalanceTimeoutMs: settings.maxPollIntervalMs,
  };
  state.joining = true;
  // As the Java client, a join may wait out a whole rebalance: its timeout is the rebalance timeout + 5 s.
  const outcome = yield* call<JoinGroupResponse>(
    world,
    node.name,
    ctx.brokerNode,
    KAFKA_METHODS.joinGroup,
    request,
    {
      timeoutMs: settings.maxPollIntervalMs + 5000,
    },
  );
  state.joining = false;
  if (outcome.type !== 'ok') return yield* sleep(settings.retryBackoffMs);
  const joined = outcome.value;
  state.memberId = joined.memberId;
  state.generation = joined.generation;
  state.rejoinNeeded = false;
  state.partitions = joined.partitions.map((assigned) => assigned.partition);
  state.positions.clear();
  state.committed.clear();
  for (const { partition, committedOffset, endOffset } of joined.partitions) {
    const reset = settings.autoOffsetReset === 'earliest' ? 0 : endOffset;
    state.positions.set(partition, committedOffset ?? reset);
    if (committedOffset !== null) state.committed.set(partition, committedOffset);
  }
}

function* fetchRecords(ctx: MemberContext, state: MemberState): Proc<FetchResponse | null> {
  const { settings } = ctx;
  if (state.partitions.length === 0) {
    yield* sleep(settings.fetchMaxWaitMs);
    return { partitions: [] };
  }
  const request = fetchRequestFor(settings, state);
  const outcome = yield* call<FetchResponse>(
    ctx.world,
    ctx.node.name,
    ctx.brokerNode,
    KAFKA_METHODS.fetch,
    request,
    {
      timeoutMs: settings.requestTimeoutMs,
    },
  );
  return outcome.type === 'ok' ? outcome.value : null;
}

/**
 * The fetch request for the member's partitions at their positions: the last one again while
 * none of them moved (an idle consumer asks the same twice a second), else a new one. A request
 * is never changed once sent, so handing the same object out again is the same as a copy.
 */
function fetchRequestFor(settings: MemberContext['settings'], state: MemberState): FetchRequest {
  const last = state.lastFetch;
  if (last !== undefined && fetchesPositions(last, state)) return last;
  const request: FetchRequest = {
    topic: settings.topic,
    partitions: state.partitions.map((partition) => ({
      partition,
      offset: state.positions.get(partition) ?? 0,
    })),
    maxRecords: settings.maxPollRecords,
    isolationLevel: settings.isolationLevel,
    maxWaitMs: settings.fetchMaxWaitMs,
  };
  state.lastFetch = request;
  return request;
}

/** Whether `request` asks for exactly the member's partitions, at their current positions. */
function fetchesPositions(request: FetchRequest, state: MemberState): boolean {
  const { partitions } = state;
  if (request.partitions.length !== partitions.length) return false;
  for (let index = 0; index < partitions.length; index++) {
    const asked = request.partitions[index] as FetchRequest['partitions'][number];
    const partition = partitions[index] as number;
    if (asked.partition !== partition || asked.offset !== (state.positions.get(partition) ?? 0)) return false;
  }
  return true;
}

function* processBatch(ctx: MemberContext, state: MemberState, lease: Lease, fetched: FetchResponse): Proc {
  for (const { partition, entries, nextOffset } of fetched.partitions) {
    for (const entry of entries) {
      if (!(yield* processRecord(ctx, state, lease, partition, entry))) return;
    }
    // Past any transaction markers and aborted records the fetch skipped.
    if (state.memberId === lease.memberId) state.positions.set(partition, nextOffset);
  }
}

/** False when the rest of the batch must be abandoned. */
function* processRecord(
  ctx: MemberContext,
  state: MemberState,
  lease: Lease,
  partition: number,
  entry: LogEntry,
): Proc<boolean> {
  const { commitMode, onHandlerError, retryBackoffMs } = ctx.settings;
  const next = [{ partition, offset: entry.offset + 1 }];
  if (commitMode === 'before-processing' && !(yield* commitOffsets(ctx, state, lease, next))) return false;
  // Handed over: this is the position an auto-commit will commit, finished or not.
  if (state.memberId === lease.memberId) state.positions.set(partition, entry.offset + 1);
  const outcome = yield* handOver(ctx, lease, partition, entry);
  if (outcome === 'error' && onHandlerError === 'seek-back') {
    if (state.memberId === lease.memberId) state.positions.set(partition, entry.offset);
    yield* sleep(retryBackoffMs);
    return false;
  }
  if (commitMode === 'after-processing') return yield* commitOffsets(ctx, state, lease, next);
  return true;
}

/** Runs the handler in its own process with the record's causal context, and waits for it. */
function* handOver(
  ctx: MemberContext,
  lease: Lease,
  partition: number,
  entry: LogEntry,
): Proc<'ok' | 'error'> {
  const { world, node, settings } = ctx;
  const { sim } = world;
  const intentId = entry.context?.intentId ?? null;
  const where = {
    group: settings.groupId,
    node: node.name,
    member: lease.memberId,
    partition,
    offset: entry.offset,
  };
  // Guarded: with the trace off (every hunt case) the entry's fields are not even built.
  if (sim.trace.enabled)
    sim.trace.record(sim.now, 'kafka.consume', { ...where, generation: lease.generation, intent: intentId });
  if (intentId !== null) world.exposure.arrive('kafka', intentId);
  // Spelt out rather than spread from `where`: a spread into a literal with more fields takes
  // V8's slow path, once per record (the fields keep the order the spread gave them).
  const handle = ctx.consumption.start({
    group: where.group,
    node: where.node,
    member: where.member,
    partition,
    offset: entry.offset,
    generation: lease.generation,
    topic: settings.topic,
    key: entry.key,
    intentId,
    appendedAtMs: entry.timestampMs,
    consumedAtMs: sim.now,
  });
  const record: ConsumedRecord = {
    topic: settings.topic,
    partition,
    offset: entry.offset,
    key: entry.key,
    value: entry.value,
    timestampMs: entry.timestampMs,
  };
  const name = `${node.name}/kafka-handler:${settings.topic}/${partition}@${entry.offset}`;
  const child = node.spawn(runHandler(ctx, record, where), name, entry.context ?? undefined);
  const outcome = yield* wait(child.done);
  ctx.consumption.finish(handle, outcome, sim.now);
  if (sim.trace.enabled) sim.trace.record(sim.now, 'kafka.handled', { ...where, outcome });
  return outcome;
}

function* runHandler(
  ctx: MemberContext,
  record: ConsumedRecord,
  where: ConsumedAtFields,
): Proc<'ok' | 'error'> {
  const delayMs = ctx.slowdownMs();
  if (delayMs > 0) {
    const cause = ctx.slowdownCause();
    // This process runs in the record's causal context.
    if (cause !== undefined) ctx.world.exposure.touch(cause, currentContext(ctx.world.sim)?.intentId);
    yield* sleep(delayMs);
  }
  try {
    yield* ctx.handler(record);
    return 'ok';
  } catch (error) {
    const { sim } = ctx.world;
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    sim.trace.record(sim.now, 'kafka.handler-error', { ...where, error: name, message });
    return 'error';
  }
}
