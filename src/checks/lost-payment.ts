/**
 * Lost payment: the client was told its payment succeeded (201) or was accepted (202), and by
 * the end of the run the provider never charged it. For a design that answers 202 and charges
 * later, "by the end of the run" matters: the horizon must leave time for the late charge.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from './charges-by-intent.js';

export function checkLostPayments(
  history: HistoryRecords,
  ledger: readonly LedgerEntry[],
): readonly string[] {
  const charged = chargesByIntent(ledger);
  return history.intents
    .filter((intent) => intent.result === 'succeeded' && !charged.has(intent.intentId))
    .map((intent) => intent.intentId);
}
