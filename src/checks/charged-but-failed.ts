/**
 * Charged but told failed: the client's final answer was an error, yet the provider charged.
 * The user believes they have not paid (and may pay again by other means); the money is gone.
 * An intent whose last attempt timed out is not counted here: the client was told nothing.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from './charges-by-intent.js';

export function checkChargedButFailed(
  history: HistoryRecords,
  ledger: readonly LedgerEntry[],
): readonly string[] {
  const charged = chargesByIntent(ledger);
  return history.intents
    .filter((intent) => intent.result === 'failed' && charged.has(intent.intentId))
    .map((intent) => intent.intentId);
}
