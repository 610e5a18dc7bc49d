/**
 * The doubling test: judging and summarising twice the payments costs about twice the work, not
 * four times. A checker that searches every record for each payment (as wrong replay once did)
 * was invisible at 50 payments and took 62 % of a 16,000-payment run.
 *
 * Both measures are counts, so they are exact on any machine (a timed version once measured 3.45
 * where 2 was expected, on a busy CI runner): the engine's events for a real run of N and 2N
 * payments, and the reads `summarizeRun` makes of the records of N and 2N payments. Every array
 * and every record is wrapped in a proxy that counts each element and field read, so a search of
 * all attempts for each intent shows up as N² reads however it is written.
 */
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

/** A view of `target` that adds one to `reads.count` for every property read. */
function counted<T extends object>(target: T, reads: { count: number }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      reads.count++;
      return Reflect.get(object, property, receiver);
    },
  });
}

/** The records of `outcome` with every array and every record behind a counting proxy. */
function countingReads(outcome: Outcome, reads: { count: number }): Outcome {
  const each = <T extends object>(items: readonly T[]): readonly T[] =>
    counted(
      items.map((item) => counted(item, reads)),
      reads,
    );
  return {
    ...outcome,
    history: { intents: each(outcome.history.intents), attempts: each(outcome.history.attempts) },
    ledger: each(outcome.ledger),
  };
}

/** How many reads of the records `summarizeRun` makes for `payments` payments. */
function summaryReads(payments: number): number {
  const reads = { count: 0 };
  summarizeRun(countingReads(recordsOf(payments), reads));
  return reads.count;
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

  it('judging and summarising 4,000 payments reads the records about twice as often as 2,000', () => {
    const ratio = summaryReads(4_000) / summaryReads(2_000);
    // Linear is 2; the old per-intent search of every attempt made it about 4.
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });
});
