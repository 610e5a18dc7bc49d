/**
 * Real time, as the conformance replays need it: they wait on real servers (a grace period before
 * asking whether a statement blocks, a gap slept through before the next Redis command). The
 * layer only describes what it needs; src/cli/conform/system-wall-clock.ts is the one
 * implementation, so the real clock and timers stay in src/cli like every other I/O.
 */
export interface WallClock {
  /** Milliseconds since the Unix epoch: Redis deadlines (PXAT, PEXPIRETIME) are epoch times. */
  nowMs(): number;
  /** Resolves after `ms` of real time. */
  sleep(ms: number): Promise<void>;
  /** The promise's value, or undefined if `ms` of real time pass first; the timer never outlives the call. */
  within<T>(promise: Promise<T>, ms: number): Promise<T | undefined>;
}
