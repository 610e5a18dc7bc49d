/**
 * Does what happened match what a scenario says a strategy must show?
 *
 * 'ok' holds when no harm appeared in any seed. 'untouched' holds when no harm appeared and
 * nothing exercised the strategy (checks/exposure.ts). A list of harms holds when each appeared in
 * at least one seed and no other harm appeared in any: the scenario's expected harms must show,
 * for their reason, and nothing else may sneak in.
 */
import type { Harm } from './harm-catalogue.js';

/**
 * A scenario's `expect:` for one strategy. 'ok': no harm in any seed; 'untouched': no harm, and no
 * fault touched the strategy's work and no request for an intent reached it twice, in any seed
 * (nothing tried it); a list: exactly these harms, each in at least one seed.
 */
export type Expectation = 'ok' | 'untouched' | readonly Harm[];

export interface ExpectationCheck {
  readonly expected: Expectation;
  readonly observed: readonly Harm[];
  readonly holds: boolean;
  /** Expected harms that never appeared. */
  readonly missing: readonly Harm[];
  /** Harms that appeared though not expected. */
  readonly unexpected: readonly Harm[];
}

/** `exercised`: whether a fault touched the strategy's work or a repeat reached it (default true). */
export function checkExpectation(
  expected: Expectation,
  observed: readonly Harm[],
  exercised = true,
): ExpectationCheck {
  const wanted: readonly Harm[] = typeof expected === 'string' ? [] : expected;
  const missing = wanted.filter((harm) => !observed.includes(harm));
  const unexpected = observed.filter((harm) => !wanted.includes(harm));
  const untouchedHolds = expected !== 'untouched' || !exercised;
  const holds = missing.length === 0 && unexpected.length === 0 && untouchedHolds;
  return { expected, observed, holds, missing, unexpected };
}
