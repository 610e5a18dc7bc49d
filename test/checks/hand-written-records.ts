/**
 * Small builders for hand-written histories and ledgers, so each checker test states its case
 * in a few lines.
 */
import type { AttemptRecord, IntentRecord, IntentResult } from '../../src/components/history.js';
import type { LedgerEntry } from '../../src/components/payment-provider.js';

export function intent(
  intentId: string,
  result: IntentResult,
  finalStatus: number | null = null,
): IntentRecord {
  return {
    intentId,
    amount: 1000,
    startMs: 0,
    endMs: result === 'pending' ? null : 100,
    result,
    attempts: 1,
    finalStatus,
  };
}

/** One attempt, sent at 0 and answered at 100; the service sent its answer at `answeredAtMs`. */
export function attempt(
  intentId: string,
  outcome: AttemptRecord['outcome'],
  status: number | null,
  answeredAtMs: number | null = status === null ? null : 99,
): AttemptRecord {
  return {
    intentId,
    submission: 1,
    attempt: 1,
    key: `idem-${intentId}`,
    amount: 1000,
    startMs: 0,
    endMs: 100,
    outcome,
    status,
    answeredAtMs,
  };
}

let nextCharge = 0;
export function charge(intentId: string | null, amount = 1000, atMs = 50): LedgerEntry {
  nextCharge++;
  return {
    chargeId: `ch_${nextCharge}`,
    intentId,
    amount,
    currency: 'EUR',
    idempotencyKey: null,
    reference: null,
    atMs,
  };
}
