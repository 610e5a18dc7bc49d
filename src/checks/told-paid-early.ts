/**
 * Told paid early: the service answered a 2xx other than 202 while the provider held no charge
 * for the payment yet. The client was told "paid" on a guess: redis-setnx's loser answers
 * `200 in-progress` while the first attempt is still charging. If that attempt charges later,
 * no money went wrong and the payment is only counted here (it does not make a run unsafe); if
 * it never charges, the payment is lost too, which is this harm's worst case. A 202 says
 * "accepted, to be charged later", which is the truth, so it is not counted.
 *
 * The moment that counts is when the service sent the answer (the attempt's `answeredAtMs`), not
 * when it reached the client: a charge committed while the answer was on its way did not exist
 * when the answer was given.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from './charges-by-intent.js';

export function checkToldPaidEarly(
  history: HistoryRecords,
  ledger: readonly LedgerEntry[],
): readonly string[] {
  const charged = chargesByIntent(ledger);
  const early = new Set<string>();
  for (const attempt of history.attempts) {
    const { answeredAtMs } = attempt;
    if (attempt.outcome !== 'ok' || attempt.status === 202 || answeredAtMs === null) continue;
    const charges = charged.get(attempt.intentId) ?? [];
    if (!charges.some((charge) => charge.atMs <= answeredAtMs)) early.add(attempt.intentId);
  }
  return history.intents.map((intent) => intent.intentId).filter((intentId) => early.has(intentId));
}
