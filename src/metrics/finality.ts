/**
 * Time until the charge is final: from an intent's start to its first charge in the ledger.
 *
 * This is where a design that answers 202 at once and charges later shows its cost: the client
 * latency looks fast while the money moves seconds later.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from '../checks/charges-by-intent.js';

/** One duration per charged intent, ms, in intent order. */
export function finalityDurationsMs(history: HistoryRecords, ledger: readonly LedgerEntry[]): number[] {
  const charged = chargesByIntent(ledger);
  return history.intents.flatMap((intent) => {
    const first = charged.get(intent.intentId)?.[0];
    return first === undefined ? [] : [first.atMs - intent.startMs];
  });
}

/** From each intent's start to the client's last answer (finished intents only), ms. */
export function clientLatenciesMs(history: HistoryRecords): number[] {
  return history.intents.flatMap((intent) => (intent.endMs === null ? [] : [intent.endMs - intent.startMs]));
}
