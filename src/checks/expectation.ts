/**
 * Does what happened match what a scenario says a strategy must show?
 *
 * 'ok' holds when no harm appeared in any seed. A list of harms holds when each appeared in at
 * least one seed and no other harm appeared in any: the scenario's expected harms must show, for
 * their reason, and nothing else may sneak in.
 */
import type { Harm } from './harm-catalogue.js';

/** A scenario's `expect:` for one strategy. 'ok': no harm in any seed; a list: exactly these harms, each in at least one seed. */
export type Expectation = 'ok' | readonly Harm[];

export interface ExpectationCheck {
  readonly expected: Expectation;
  readonly observed: readonly Harm[];
  readonly holds: boolean;
  /** Expected harms that never appeared. */
  readonly missing: readonly Harm[];
  /** Harms that appeared though not expected. */
  readonly unexpected: readonly Harm[];
}

export function checkExpectation(expected: Expectation, observed: readonly Harm[]): ExpectationCheck {
  const wanted: readonly Harm[] = expected === 'ok' ? [] : expected;
  const missing = wanted.filter((harm) => !observed.includes(harm));
  const unexpected = observed.filter((harm) => !wanted.includes(harm));
  return { expected, observed, holds: missing.length === 0 && unexpected.length === 0, missing, unexpected };
}
