/**
 * Every checker over one run's records: the verdicts a report prints.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { checkAvailability, type Availability } from './availability.js';
import { checkChargedButFailed } from './charged-but-failed.js';
import { checkDoubleCharges, type DoubleChargeVerdict } from './double-charge.js';
import { checkLostPayments } from './lost-payment.js';
import { checkStuck } from './stuck.js';
import { checkWrongReplays } from './wrong-replay.js';

export interface RunVerdicts {
  readonly doubleCharges: DoubleChargeVerdict;
  /** Intents told success or accepted that were never charged. */
  readonly lostPayments: readonly string[];
  /** Intents told failed that were charged. */
  readonly chargedButFailed: readonly string[];
  /** Intents told success for an amount none of their charges has. */
  readonly wrongReplays: readonly string[];
  /** Intents that ended on 409 or were still retrying at the end. */
  readonly stuck: readonly string[];
  readonly availability: Availability;
  /** safe: no money wrongly taken or lost (stuck payments cost availability, not money). */
  readonly verdict: 'safe' | 'unsafe';
}

export function judgeRun(history: HistoryRecords, ledger: readonly LedgerEntry[]): RunVerdicts {
  const doubleCharges = checkDoubleCharges(ledger);
  const lostPayments = checkLostPayments(history, ledger);
  const chargedButFailed = checkChargedButFailed(history, ledger);
  const wrongReplays = checkWrongReplays(history, ledger);
  const unsafe = [doubleCharges.doubleCharged, lostPayments, chargedButFailed, wrongReplays].some(
    (found) => found.length > 0,
  );
  return {
    doubleCharges,
    lostPayments,
    chargedButFailed,
    wrongReplays,
    stuck: checkStuck(history),
    availability: checkAvailability(history),
    verdict: unsafe ? 'unsafe' : 'safe',
  };
}
