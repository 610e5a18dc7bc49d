/**
 * Double charge: a payment intent with more than one charge in the provider's ledger.
 *
 * A pure function of the ledger: the causal context put the intent on every entry, so it does
 * not matter which key, if any, the strategy passed to the provider.
 */
import type { LedgerEntry } from '../components/payment-provider.js';
import { chargesByIntent } from './charges-by-intent.js';

export interface DoubleCharge {
  readonly intentId: string;
  /** Every charge of the intent, in ledger order. */
  readonly chargeIds: readonly string[];
  /** The money taken beyond the first charge, minor units. */
  readonly overchargedAmount: number;
}

export interface DoubleChargeVerdict {
  /** Intents charged more than once, in order of their first charge. */
  readonly doubleCharged: readonly DoubleCharge[];
  /** Charges beyond the first, over all intents. */
  readonly extraCharges: number;
  readonly overchargedAmount: number;
}

export function checkDoubleCharges(ledger: readonly LedgerEntry[]): DoubleChargeVerdict {
  const doubleCharged: DoubleCharge[] = [];
  for (const [intentId, entries] of chargesByIntent(ledger)) {
    if (entries.length < 2) continue;
    const overchargedAmount = entries.slice(1).reduce((sum, entry) => sum + entry.amount, 0);
    doubleCharged.push({ intentId, chargeIds: entries.map((entry) => entry.chargeId), overchargedAmount });
  }
  return {
    doubleCharged,
    extraCharges: doubleCharged.reduce((sum, charge) => sum + charge.chargeIds.length - 1, 0),
    overchargedAmount: doubleCharged.reduce((sum, charge) => sum + charge.overchargedAmount, 0),
  };
}
