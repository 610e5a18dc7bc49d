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
  const told = lastOkAmountByIntent(history);
  const wrong: string[] = [];
  for (const intent of history.intents) {
    const charges = charged.get(intent.intentId);
    if (intent.result !== 'succeeded' || charges === undefined) continue;
    const amount = told.get(intent.intentId);
    if (amount !== undefined && !charges.some((charge) => charge.amount === amount))
      wrong.push(intent.intentId);
  }
  return wrong;
}

/** The amount of each intent's last successful attempt: one pass, not a search per intent. */
function lastOkAmountByIntent(history: HistoryRecords): ReadonlyMap<string, number> {
  const amounts = new Map<string, number>();
  for (const attempt of history.attempts)
    if (attempt.outcome === 'ok') amounts.set(attempt.intentId, attempt.amount);
  return amounts;
}
