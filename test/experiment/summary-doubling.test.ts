/**
 * The doubling test: judging and summarising twice the payments costs about twice the work, not
 * four times. A checker that searches every record for each payment (as wrong replay once did)
 * was invisible at 50 payments and took 62 % of a 16,000-payment run.
 *
 * Two measures, each within one test run so the machine's speed cancels out: the engine's events
 * for a real run of N and 2N payments (a count, exact), and the wall time of `summarizeRun` over
 * records of N and 2N payments (the fastest of a few tries, with a generous bound: linear is
 * about 2, quadratic 4).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { AttemptRecord, IntentRecord } from '../../src/components/history.js';
import type { LedgerEntry } from '../../src/components/payment-provider.js';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { strategies } from '../../src/strategies/registry.js';

/** N payments: every one retried once after a timeout, then told success and charged once. */
function recordsOf(payments: number): Outcome {
  const intents: IntentRecord[] = [];
  const attempts: AttemptRecord[] = [];
  const ledger: LedgerEntry[] = [];
  for (let index = 0; index < payments; index++) {
    const intentId = `pay-${index}`;
    const startMs = index;
    intents.push({
      intentId,
      amount: 1000,
      startMs,
      endMs: startMs + 1200,
      result: 'succeeded',
      attempts: 2,
      finalStatus: 201,
    });
    const base = { intentId, submission: 1, key: `idem-${intentId}`, amount: 1000 };
    attempts.push({
      ...base,
      attempt: 1,
      startMs,
      endMs: startMs + 1000,
      outcome: 'info',
      status: null,
      answeredAtMs: null,
    });
    attempts.push({
      ...base,
      attempt: 2,
      startMs: startMs + 1100,
      endMs: startMs + 1200,
      outcome: 'ok',
      status: 201,
      answeredAtMs: startMs + 1199,
    });
    ledger.push({
      chargeId: `ch_${index + 1}`,
      intentId,
      amount: 1000,
      currency: 'EUR',
      idempotencyKey: `idem-${intentId}`,
      reference: null,
      atMs: startMs + 50,
    });
  }
  return {
    scenario: 'doubling',
    strategy: 'none',
    seed: 1,
    history: { intents, attempts },
    ledger,
    trace: [],
    exposure: { faults: [], repeats: [] },
    startMs: 0,
    endMs: payments + 2000,
    steps: 0,
  };
}

/** The fastest of `tries` timings of `summarizeRun`, ms. */
function fastestSummaryMs(outcome: Outcome, tries: number): number {
  let fastest = Infinity;
  for (let attempt = 0; attempt < tries; attempt++) {
    const started = performance.now();
    summarizeRun(outcome);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

describe('twice the payments, twice the work', () => {
  it('the engine processes about twice the events for twice the payments of the healthy scenario', async () => {
    const strategy = strategies.get('none');
    if (strategy === undefined) throw new Error('no strategy none');
    const stepsFor = async (payments: number): Promise<number> => {
      const scenario = {
        ...defaultScenario,
        horizonMs: 600_000,
        workload: { ...defaultScenario.workload, payments, arrivalRatePerSec: 100 },
      };
      const outcome = await runExperiment({ scenario, strategy, seed: 1, trace: false });
      expect(outcome.history.intents).toHaveLength(payments);
      return outcome.steps;
    };
    const ratio = (await stepsFor(1000)) / (await stepsFor(500));
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it('judging and summarising 40,000 payments takes about twice as long as 20,000', () => {
    const small = recordsOf(20_000);
    const large = recordsOf(40_000);
    fastestSummaryMs(small, 1); // warm up the JIT before anything is timed
    const ratio = fastestSummaryMs(large, 3) / fastestSummaryMs(small, 3);
    // Linear is about 2; the old per-intent search of every attempt made it about 4 (and took seconds).
    expect(ratio).toBeLessThan(3);
  });
});
