/**
 * The provider's ledger grouped by the payment intent each charge was made for.
 *
 * Every checker asks for it; the grouping of one ledger is kept (weakly, so it goes with the
 * ledger) and handed out again, so judging a run groups its ledger once. A ledger is read only
 * after its run, so the grouping cannot go stale; one still growing is regrouped when its length
 * has changed.
 */
import type { LedgerEntry } from '../components/payment-provider.js';

type Grouping = ReadonlyMap<string, readonly LedgerEntry[]>;

const groupings = new WeakMap<
  readonly LedgerEntry[],
  { readonly length: number; readonly byIntent: Grouping }
>();

export function chargesByIntent(ledger: readonly LedgerEntry[]): Grouping {
  const kept = groupings.get(ledger);
  if (kept !== undefined && kept.length === ledger.length) return kept.byIntent;
  const byIntent = groupByIntent(ledger);
  groupings.set(ledger, { length: ledger.length, byIntent });
  return byIntent;
}

function groupByIntent(ledger: readonly LedgerEntry[]): Grouping {
  const byIntent = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    if (entry.intentId === null) continue;
    const entries = byIntent.get(entry.intentId);
    if (entries === undefined) byIntent.set(entry.intentId, [entry]);
    else entries.push(entry);
  }
  return byIntent;
}
