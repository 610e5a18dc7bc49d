/**
 * The provider's ledger grouped by the payment intent each charge was made for.
 */
import type { LedgerEntry } from '../components/payment-provider.js';

export function chargesByIntent(ledger: readonly LedgerEntry[]): ReadonlyMap<string, readonly LedgerEntry[]> {
  const byIntent = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    if (entry.intentId === null) continue;
    const entries = byIntent.get(entry.intentId);
    if (entries === undefined) byIntent.set(entry.intentId, [entry]);
    else entries.push(entry);
  }
  return byIntent;
}
