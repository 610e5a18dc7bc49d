/**
 * Every payment that went wrong in a comparison, with the strategy and the seed of the run that
 * showed it: the list play offers to step through. A payment harmed in several ways is one entry.
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { ScenarioComparison } from '../experiment/compare.js';
import type { RunSummary } from '../experiment/run-summary.js';

export interface Violation {
  readonly strategy: string;
  /** The seed of the run that showed it: running (scenario, strategy, seed) again shows it again. */
  readonly seed: number;
  readonly payment: string;
  /** What went wrong, in a few words each ("charged twice"). */
  readonly harms: readonly string[];
}

export function violationsOf(scenario: ScenarioComparison): Violation[] {
  return scenario.results.flatMap((result) =>
    result.runs.flatMap((run) => violationsInRun(result.strategy, run)),
  );
}

function violationsInRun(strategy: string, run: RunSummary): Violation[] {
  const harms = new Map<string, string[]>();
  const add = (payment: string, harm: string): void => {
    harms.set(payment, [...(harms.get(payment) ?? []), harm]);
  };
  const { examples } = run;
  for (const { intentId, chargeIds } of examples.doubleCharged)
    add(intentId, chargeIds.length === 2 ? 'charged twice' : `charged ${chargeIds.length} times`);
  for (const entry of HARM_CATALOGUE) {
    if (entry.id === 'double-charge') continue; // said above, with how many times
    for (const payment of examples[entry.field]) add(payment, entry.harmed);
  }
  return [...harms.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([payment, words]) => ({ strategy, seed: run.seed, payment, harms: words }));
}

/** "redis-setnx · pay-07 · charged twice · seed 3". */
export function violationLabel(violation: Violation): string {
  return `${violation.strategy} · ${violation.payment} · ${violation.harms.join(', ')} · seed ${violation.seed}`;
}
