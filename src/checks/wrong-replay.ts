/**
 * Wrong replay: the client was told its payment succeeded, for an amount no charge of that
 * payment has. It happens when a key is reused with another payload (a client bug) and the
 * server replays the first answer instead of refusing (422): the user believes they paid the new
 * amount and were charged the old one.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from './charges-by-intent.js';

export function checkWrongReplays(
  history: HistoryRecords,
  ledger: readonly LedgerEntry[],
): readonly string[] {
  const charged = chargesByIntent(ledger);
  const wrong: string[] = [];
  for (const intent of history.intents) {
    const charges = charged.get(intent.intentId);
    if (intent.result !== 'succeeded' || charges === undefined) continue;
    const told = history.attempts.findLast(
      (attempt) => attempt.intentId === intent.intentId && attempt.outcome === 'ok',
    );
    if (told !== undefined && !charges.some((charge) => charge.amount === told.amount))
      wrong.push(intent.intentId);
  }
  return wrong;
}
