/**
 * What a conformance replay found, per store: the shared shape of the PostgreSQL and Redis
 * replays, so `idemsim conform` renders and totals both the same way.
 *
 * A replay takes one schedule a simulated store recorded (statements or commands in arrival
 * order, with the model's answers) and issues it against a real server. Each compared step is
 * an agreement or a divergence; steps a named rule excludes (a real server's nondeterminism the
 * model cannot mirror, written down in the component's header) are counted per rule, never
 * silently dropped.
 */

/** Which real server a schedule was replayed on. */
export type ConformStore = 'postgres' | 'redis';

/** Where a schedule came from: enough to re-run the simulation that recorded it. */
export interface ScheduleOrigin {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
}

/** The first step where the real server answered otherwise than the model. */
export interface Divergence {
  /** Index of the step in the schedule (0-based). */
  readonly step: number;
  /** What was compared, naming the model rule at stake ("unique-key wait", "expiry", ...). */
  readonly what: string;
  /** The model's answer, as one line. */
  readonly model: string;
  /** The real server's answer, as one line. */
  readonly real: string;
  /** The schedule around the step, one line each, the divergent step marked. */
  readonly around: readonly string[];
}

/** One schedule replayed on one real server. */
export interface ScheduleConformance {
  readonly store: ConformStore;
  readonly origin: ScheduleOrigin;
  /** Steps compared (statements, commands, waits, final-state checks). */
  readonly compared: number;
  /** Steps where the real server agreed. */
  readonly agreed: number;
  /** Steps left out by a named rule, with the count per rule. */
  readonly excluded: Readonly<Record<string, number>>;
  /**
   * Waits the model imposed that the real server imposed too (among `compared`), per lock kind
   * ("unique key", "update", ...); absent for a store without lock waits (Redis).
   */
  readonly waits?: Readonly<Record<string, number>>;
  /** The first divergence, if any: the replay stops comparing there. */
  readonly divergence?: Divergence;
}
