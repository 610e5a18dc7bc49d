/**
 * Every checker over one run's records: the verdicts a report prints.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { checkAvailability, type Availability } from './availability.js';
import { checkDoubleCharges, type DoubleChargeVerdict } from './double-charge.js';
import { HARM_CATALOGUE, perHarm, type Harm } from './harm-catalogue.js';

export interface RunVerdicts {
  /** Per harm of the catalogue, the intents that suffered it. */
  readonly harmed: { readonly [H in Harm]: readonly string[] };
  /** The double charges in detail: which charges, and the money taken beyond the first. */
  readonly doubleCharges: DoubleChargeVerdict;
  readonly availability: Availability;
  /** safe: no harm about money (the catalogue's `money`) in this run; the others cost trust or availability. */
  readonly verdict: 'safe' | 'unsafe';
}

export function judgeRun(history: HistoryRecords, ledger: readonly LedgerEntry[]): RunVerdicts {
  const harmed = perHarm((entry) => entry.check(history, ledger));
  const unsafe = HARM_CATALOGUE.some((entry) => entry.money && harmed[entry.id].length > 0);
  return {
    harmed,
    doubleCharges: checkDoubleCharges(ledger),
    availability: checkAvailability(history),
    verdict: unsafe ? 'unsafe' : 'safe',
  };
}
