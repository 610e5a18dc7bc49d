/**
 * One step of a payment's story: a plain sentence for the narration, a few words for a diagram.
 */

/**
 * call, reply, refuse, drop, timeout: a message and what became of it. exec: a store ran a
 * caller's request (the request and its answer told as one step). deliver: Kafka hands a record
 * to a consumer. The rest happen at one node.
 */
export type StepKind =
  | 'answer'
  | 'call'
  | 'reply'
  | 'refuse'
  | 'drop'
  | 'timeout'
  | 'exec'
  | 'deliver'
  | 'charge'
  | 'key'
  | 'store'
  | 'node'
  | 'network';

export interface StoryStep {
  /** Virtual time, ms. */
  readonly tMs: number;
  /** The node the step happens at (for a message, the sender; for an exec, the store). */
  readonly actor: string;
  readonly kind: StepKind;
  /** One plain sentence. */
  readonly text: string;
  /** A few words for a diagram (for an exec, what ran). */
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  /** The message never arrived. */
  readonly lost?: boolean;
  /** For an exec, the answer the caller took; absent when a step of its own tells the answer. */
  readonly result?: string;
  /** The client attempt the step is part of, when the payment had more than one. */
  readonly attempt?: number;
}

/** Virtual time as seconds with milliseconds: "t=1.503s". */
export function formatT(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}
