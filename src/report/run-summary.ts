/**
 * The numbers of one run, as data: what the text, JSON and later table renderings print.
 */
import { checkDoubleCharges } from '../checks/double-charge.js';
import type { Outcome } from '../experiment.js';
import { summarizeLatency, type LatencySummary } from '../metrics/latency-summary.js';

export interface RunSummary {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  readonly payments: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly unknown: number;
  readonly pending: number;
  readonly attempts: number;
  readonly charges: number;
  /** Payment intents charged more than once. */
  readonly doubleCharges: number;
  /** Charges beyond the first per intent. */
  readonly extraCharges: number;
  /** Minor units taken beyond the first charge per intent. */
  readonly overchargedAmount: number;
  /** The intents charged more than once, with their charge ids. */
  readonly doubleCharged: ReadonlyArray<{ readonly intentId: string; readonly chargeIds: readonly string[] }>;
  /** From each intent's start to the client's last answer (finished intents only). */
  readonly latencyMs: LatencySummary;
}

export function summarizeRun(outcome: Outcome): RunSummary {
  const { intents, attempts } = outcome.history;
  const verdict = checkDoubleCharges(outcome.ledger);
  const count = (result: string): number => intents.filter((intent) => intent.result === result).length;
  const durations = intents.flatMap((intent) => (intent.endMs === null ? [] : [intent.endMs - intent.startMs]));
  return {
    scenario: outcome.scenario,
    strategy: outcome.strategy,
    seed: outcome.seed,
    payments: intents.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    unknown: count('unknown'),
    pending: count('pending'),
    attempts: attempts.length,
    charges: outcome.ledger.length,
    doubleCharges: verdict.doubleCharged.length,
    extraCharges: verdict.extraCharges,
    overchargedAmount: verdict.overchargedAmount,
    doubleCharged: verdict.doubleCharged.map(({ intentId, chargeIds }) => ({ intentId, chargeIds })),
    latencyMs: summarizeLatency(durations),
  };
}
