/**
 * The numbers of one run, as data: what the text, JSON and table renderings print.
 */
import { checkExposure, type ExposureVerdict } from '../checks/exposure.js';
import { judgeRun } from '../checks/judge-run.js';
import type { Outcome } from './run-experiment.js';
import { clientLatenciesMs, finalityDurationsMs } from '../metrics/finality.js';
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
  /** Intents told success or accepted that were never charged. */
  readonly lostPayments: number;
  /** Intents told failed that were charged. */
  readonly chargedButFailed: number;
  /** Intents told success for an amount none of their charges has. */
  readonly wrongReplays: number;
  /** Intents that ended on 409 or were still retrying at the end. */
  readonly stuck: number;
  /** Attempts that got no 2xx, over all attempts. */
  readonly clientErrorRate: number;
  /** Error answers by kind ("409", "503", "timeout", "refused"). */
  readonly errorsByKind: Readonly<Record<string, number>>;
  /** From each intent's start to the client's last answer (finished intents only). */
  readonly latencyMs: LatencySummary;
  /** From each intent's start to its first charge (charged intents only). */
  readonly finalityMs: LatencySummary;
  readonly verdict: 'safe' | 'unsafe';
  /** Which faults touched the strategy's work, and the repeats that reached it. */
  readonly exposure: ExposureVerdict;
  /** The intents behind the counts, for explanations. */
  readonly examples: {
    readonly doubleCharged: ReadonlyArray<{
      readonly intentId: string;
      readonly chargeIds: readonly string[];
    }>;
    readonly lostPayments: readonly string[];
    readonly chargedButFailed: readonly string[];
    readonly wrongReplays: readonly string[];
    readonly stuck: readonly string[];
  };
}

export function summarizeRun(outcome: Outcome): RunSummary {
  const { history, ledger } = outcome;
  const verdicts = judgeRun(history, ledger);
  const count = (result: string): number =>
    history.intents.filter((intent) => intent.result === result).length;
  return {
    scenario: outcome.scenario,
    strategy: outcome.strategy,
    seed: outcome.seed,
    payments: history.intents.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    unknown: count('unknown'),
    pending: count('pending'),
    attempts: history.attempts.length,
    charges: ledger.length,
    doubleCharges: verdicts.doubleCharges.doubleCharged.length,
    extraCharges: verdicts.doubleCharges.extraCharges,
    overchargedAmount: verdicts.doubleCharges.overchargedAmount,
    lostPayments: verdicts.lostPayments.length,
    chargedButFailed: verdicts.chargedButFailed.length,
    wrongReplays: verdicts.wrongReplays.length,
    stuck: verdicts.stuck.length,
    clientErrorRate: verdicts.availability.attemptErrorRate,
    errorsByKind: verdicts.availability.errorsByKind,
    latencyMs: summarizeLatency(clientLatenciesMs(history)),
    finalityMs: summarizeLatency(finalityDurationsMs(history, ledger)),
    verdict: verdicts.verdict,
    exposure: checkExposure(outcome.exposure),
    examples: {
      doubleCharged: verdicts.doubleCharges.doubleCharged.map(({ intentId, chargeIds }) => ({
        intentId,
        chargeIds,
      })),
      lostPayments: verdicts.lostPayments,
      chargedButFailed: verdicts.chargedButFailed,
      wrongReplays: verdicts.wrongReplays,
      stuck: verdicts.stuck,
    },
  };
}
