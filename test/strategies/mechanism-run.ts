/**
 * Runs one bundled scenario with one strategy and one pinned seed, and reads what the checkers
 * and the client saw, as plain data for whole-output assertions.
 */
import { judgeRun } from '../../src/checks/judge-run.js';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { withStrategySettings } from '../../src/scenario/strategy-settings.js';
import { strategyNamed } from '../../src/strategies/registry.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

/** Runs `fileName` (a bundled scenario) with `strategy`, optionally overriding part of its config. */
export function runMechanism(
  fileName: string,
  strategy: string,
  seed: number,
  config: Readonly<Record<string, unknown>> = {},
): Promise<Outcome> {
  return runExperiment({
    // In place of the file's own spelling of a setting (lockTtl: 5s), not beside it.
    scenario: withStrategySettings(bundledScenario(fileName), strategy, config),
    strategy: strategyNamed(strategy),
    seed,
  });
}

/** The intents each checker flags, in the checkers' order. */
export interface Harms {
  readonly doubleCharged: readonly string[];
  readonly lost: readonly string[];
  readonly chargedButFailed: readonly string[];
  readonly toldPaidEarly: readonly string[];
  readonly wrongReplays: readonly string[];
  readonly stuck: readonly string[];
}

export const NO_HARM: Harms = {
  doubleCharged: [],
  lost: [],
  chargedButFailed: [],
  toldPaidEarly: [],
  wrongReplays: [],
  stuck: [],
};

export function harmsOf(outcome: Outcome): Harms {
  const verdicts = judgeRun(outcome.history, outcome.ledger);
  return {
    doubleCharged: verdicts.harmed['double-charge'],
    lost: verdicts.harmed['lost-payment'],
    chargedButFailed: verdicts.harmed['charged-but-failed'],
    toldPaidEarly: verdicts.harmed['told-paid-early'],
    wrongReplays: verdicts.harmed['wrong-replay'],
    stuck: verdicts.harmed.stuck,
  };
}

/** The provider's ledger for one intent: 'ch_7 1000 payment:idem-pay-07' (the key, or 'no key'). */
export function chargesOf(outcome: Outcome, intentId: string): string[] {
  return outcome.ledger
    .filter((entry) => entry.intentId === intentId)
    .map((entry) => `${entry.chargeId} ${entry.amount} ${entry.idempotencyKey ?? 'no key'}`);
}

/** What the client sent and heard, per attempt: '1.2 idem-pay-07 1500 -> 201' (submission.attempt). */
export function attemptsOf(outcome: Outcome, intentId: string): string[] {
  return outcome.history.attempts
    .filter((attempt) => attempt.intentId === intentId)
    .map(
      (attempt) =>
        `${attempt.submission}.${attempt.attempt} ${attempt.key ?? 'no key'} ${attempt.amount} -> ${attempt.status ?? 'no answer'}`,
    );
}

/** When the service sent each answer the client got: '2.1 -> 200 sent at 70.735' (ms). */
export function answersOf(outcome: Outcome, intentId: string): string[] {
  return outcome.history.attempts
    .filter((attempt) => attempt.intentId === intentId && attempt.answeredAtMs !== null)
    .map(
      (attempt) =>
        `${attempt.submission}.${attempt.attempt} -> ${attempt.status} sent at ${attempt.answeredAtMs}`,
    );
}
