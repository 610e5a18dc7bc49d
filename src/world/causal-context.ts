/**
 * The causal context every process and message carries: which payment intent it works for.
 *
 * Like an OpenTelemetry trace id, it travels from the client's intent through every process,
 * message and record it causes, and strategy code never sees it. The payment provider stamps it
 * on each ledger entry, so checkers attribute every charge to its intent whatever the strategy
 * forgets to pass along.
 */
import type { Simulation } from '../engine/simulation.js';

export interface CausalContext {
  /** The payment intent this work is for. */
  readonly intentId: string;
  /**
   * The RPC whose handler this work runs in (or that produced the Kafka record it handles): the
   * parent of the calls it makes, as a span's parent in a trace. Absent for the client's own work.
   */
  readonly servingCall?: number;
}

/**
 * The context of the work a call's handler does: the caller's, with the call as its parent.
 * Spelled out, not `{ ...context, servingCall }`, for the reason engine/with-fields.ts gives: a
 * client's context gains `servingCall` here on every call it makes, the hottest path of a run,
 * where even `withFields` costs a few times a literal. Exact: a CausalContext has these two
 * fields and no others, in this order, and `servingCall` is the one replaced.
 */
export function servingContext(context: CausalContext, callId: number): CausalContext {
  return { intentId: context.intentId, servingCall: callId };
}

/** Narrows the engine's opaque context. */
export function asCausalContext(context: unknown): CausalContext | undefined {
  if (
    typeof context === 'object' &&
    context !== null &&
    typeof (context as CausalContext).intentId === 'string'
  ) {
    return context as CausalContext;
  }
  return undefined;
}

/** The context of the process running right now, if any. */
export function currentContext(sim: Simulation): CausalContext | undefined {
  return asCausalContext(sim.current?.context);
}
