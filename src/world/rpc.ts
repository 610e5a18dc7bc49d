/**
 * Remote calls through the simulated network, with a caller timeout.
 *
 * A call is a request message, atomic execution of the handler at the target when the request
 * arrives, and a reply message. The caller learns one of three things (Jepsen's vocabulary):
 * - ok: the reply came back with the handler's result;
 * - fail: the call definitely did not execute (the target process was down: connection refused);
 * - info: no reply within the timeout. The request may have been lost, or executed with only the
 *   reply lost, or still be running. The caller cannot tell, and that ambiguity is the subject of
 *   this whole simulator: a timeout is never a fail.
 *
 * Each rpc.call entry names its parent: the call whose handler made it (from the causal context),
 * so a reader can follow one client attempt through every hop.
 */
import type { Effect, Proc, Raced } from '../engine/effects.js';
import { Future, type FutureListener } from '../engine/future.js';
import type { ProcessName } from '../engine/process.js';
import type { TraceEvents } from '../engine/trace.js';
import { currentContext, servingContext, type CausalContext } from './causal-context.js';
import type { Delivery, DropReason } from './network.js';
import type { RequestCarried, RpcFields } from './trace-events.js';
import type { RpcMoment, World } from './world.js';

export type RpcOutcome<T> =
  | { readonly type: 'ok'; readonly value: T }
  | { readonly type: 'fail'; readonly reason: 'refused' }
  | { readonly type: 'info'; readonly reason: 'timeout' };

export interface CallOptions {
  /** How long the caller waits for the reply, ms. */
  readonly timeoutMs: number;
  /**
   * What the request carries, as trace fields (`sql`, `command`), traced only when the request is
   * lost: the target never sees it, so nobody else can say what it was. Default: nothing.
   */
  readonly carries?: () => RequestCarried;
}

type Reply = { readonly type: 'ok'; readonly value: unknown } | { readonly type: 'refused' };

const TIMED_OUT: RpcOutcome<never> = Object.freeze({ type: 'info', reason: 'timeout' });
const REFUSED: RpcOutcome<never> = Object.freeze({ type: 'fail', reason: 'refused' });
const REFUSED_REPLY: Reply = Object.freeze({ type: 'refused' });
/** The zero sleep a paused caller yields (shared: the engine only reads an effect). */
const SLEEP_ZERO: Effect = Object.freeze({ kind: 'sleep', ms: 0 });
/** The extra fields of the entries that have none (shared: a trace entry copies them). */
const NO_FIELDS = Object.freeze({});

/**
 * One call, which is also the delivery of both its messages: the network calls `deliver` or
 * `dropped` on it, for the request and then, once its handler has answered, for the reply. A
 * call costs one object where closures would cost four (the hottest path of a run). Exact: a
 * call has at most one message on the wire at a time (the reply leaves only once the request has
 * arrived, and the network never duplicates), so `answer` says which leg a delivery is.
 */
class Call implements Delivery, ProcessName, FutureListener<unknown> {
  readonly reply = new Future<Reply>();
  /** The payment intent the call works for (from its causal context), if any. */
  readonly intentId: string | undefined;
  /** What the target answered, once it has: from then on the message on the wire is the reply. */
  private answer: Reply | undefined = undefined;

  constructor(
    readonly world: World,
    readonly id: number,
    readonly from: string,
    readonly to: string,
    readonly method: string,
    readonly request: unknown,
    readonly context: CausalContext | undefined,
    readonly carries: CallOptions['carries'],
  ) {
    this.intentId = context?.intentId;
  }

  deliver(): void {
    const answer = this.answer;
    if (answer === undefined) {
      arrive(this);
      return;
    }
    if (this.world.observingRpc) this.world.notifyRpc(moment(this, 'reply'));
    this.reply.resolve(answer);
  }

  dropped(reason: DropReason): void {
    if (this.answer === undefined) requestLost(this, reason);
    else record(this, 'msg.drop', { leg: 'reply', reason });
  }

  /** Its handler's process returned `value` (see `arrive`). */
  notify(value: unknown): void {
    replyWith(this, value);
  }

  /** Sends `answer` back to the caller: the call's second message. */
  sendReply(answer: Reply): void {
    this.answer = answer;
    this.world.network.send(this.to, this.from, this);
  }

  /**
   * The name of the process that serves the call, built only if something reads it: the call
   * is the name's source, so serving one costs no string (an idle consumer's fetches are most
   * of a Kafka run's calls, and their processes are never named).
   */
  describe(): string {
    return `${this.to}:${this.method}#${this.id}`;
  }
}

export function* call<T>(
  world: World,
  from: string,
  to: string,
  method: string,
  request: unknown,
  options: CallOptions,
): Proc<RpcOutcome<T>> {
  const rpc = new Call(
    world,
    world.nextCallId(),
    from,
    to,
    method,
    request,
    currentContext(world.sim),
    options.carries,
  );
  if (world.observingRpc) world.notifyRpc(moment(rpc, 'send'));
  // The effects are yielded here directly, not through `yield* sleep(..)` and `waitWithTimeout`:
  // the same effects, without a primitive's iterator and its results per call, and without a
  // level of delegation on the caller's resume.
  // A pause-at fault may have just frozen the caller: it writes the request when it resumes (the
  // wake-up of this zero sleep is held until the node thaws).
  const caller = world.node(from);
  if (caller.state === 'paused') yield SLEEP_ZERO;
  if (tracing(rpc)) record(rpc, 'rpc.call', { parent: rpc.context?.servingCall ?? null });
  // A crash-at fault may have just killed the caller: a dead process writes nothing to the socket.
  if (caller.state === 'crashed') requestLost(rpc, 'sender crashed');
  else world.network.send(from, to, rpc);
  const raced = (yield {
    kind: 'wait-timeout',
    future: rpc.reply as Future<unknown>,
    ms: options.timeoutMs,
  }) as Raced<Reply>;
  if (raced.kind === 'timeout') {
    record(rpc, 'rpc.timeout', NO_FIELDS);
    return TIMED_OUT;
  }
  if (raced.value.type === 'refused') {
    record(rpc, 'rpc.refused', NO_FIELDS);
    return REFUSED;
  }
  record(rpc, 'rpc.ok', NO_FIELDS);
  return { type: 'ok', value: raced.value.value as T };
}

/** The request reaches the target: refuse if its process is down, else run the handler. */
function arrive(rpc: Call): void {
  const target = rpc.world.node(rpc.to);
  if (target.state === 'crashed') {
    record(rpc, 'rpc.refuse', NO_FIELDS);
    rpc.sendReply(REFUSED_REPLY);
    return;
  }
  const handler = target.handlerFor(rpc.method);
  if (handler === undefined) throw new Error(`node "${rpc.to}" serves no method "${rpc.method}"`);
  record(rpc, 'rpc.arrive', NO_FIELDS);
  // The handler's own calls are this call's children.
  const context = rpc.context === undefined ? undefined : servingContext(rpc.context, rpc.id);
  const serving = target.spawn(handler(rpc.request, rpc.from, rpc.id), rpc, context);
  // Replies as the handler returns, within the step it returns in (before anything else runs):
  // what a wrapper generator around the handler did, without a generator level more on each of
  // the handler's resumes, nor a `done` future per call.
  serving.onFinish(rpc);
}

/** The handler returned `value`: trace and send the reply. */
function replyWith(rpc: Call, value: unknown): void {
  if (tracing(rpc)) record(rpc, 'rpc.reply', statusOf(value));
  rpc.sendReply({ type: 'ok', value });
}

/**
 * An HTTP answer's status (a reply with a numeric `status`), so a reader of the trace sees what
 * each hop answered, not only that it answered.
 */
function statusOf(value: unknown): { readonly status?: number } {
  if (typeof value !== 'object' || value === null || !('status' in value)) return {};
  return typeof value.status === 'number' ? { status: value.status } : {};
}

function requestLost(rpc: Call, reason: DropReason | 'sender crashed'): void {
  record(rpc, 'msg.drop', { leg: 'request', reason, ...rpc.carries?.() });
}

function moment(rpc: Call, phase: RpcMoment['phase']): RpcMoment {
  const { from: caller, to: callee, method } = rpc;
  const intentId = rpc.context?.intentId;
  return intentId === undefined
    ? { phase, caller, callee, method }
    : { phase, caller, callee, method, intentId };
}

/** The kinds of entry about one call: each carries RpcFields first, then its own. */
type RpcKind =
  | 'rpc.call'
  | 'rpc.arrive'
  | 'rpc.refuse'
  | 'rpc.reply'
  | 'rpc.ok'
  | 'rpc.refused'
  | 'rpc.timeout'
  | 'msg.drop';

/**
 * Whether the run keeps a trace: several entries per call, so with the trace off none is built,
 * nor the fields handed to `record` (a long run's hottest path).
 */
function tracing(rpc: Call): boolean {
  return rpc.world.sim.trace.enabled;
}

function record<K extends RpcKind>(rpc: Call, type: K, extra: Omit<TraceEvents[K], keyof RpcFields>): void {
  const { trace } = rpc.world.sim;
  if (!trace.enabled) return;
  const fields: RpcFields = {
    call: rpc.id,
    from: rpc.from,
    to: rpc.to,
    method: rpc.method,
    intent: rpc.context?.intentId ?? null,
  };
  // The cast joins the two halves the signature checked: the call's fields, then K's own.
  trace.record(rpc.world.sim.now, type, { ...fields, ...extra } as TraceEvents[K]);
}
