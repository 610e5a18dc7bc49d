/**
 * The trace events the experiment writes around the world's own: the warm-up giving up on
 * consumer groups that never formed (run-experiment.ts).
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging).
 */

export interface WarmupUnsettledFields {
  /** The groups that had not formed, space-separated. */
  readonly groups: string;
  /** How long the warm-up waited, ms. */
  readonly limitMs: number;
}

declare module '../engine/trace.js' {
  interface TraceEvents {
    'warmup.unsettled': WarmupUnsettledFields;
  }
}
