/**
 * The harms a run can show, one entry each: the one table that the verdict, the summaries, the
 * tables, CSV, JSON, the matrix letters and legends, the scenario's expectation vocabulary and
 * hunt's properties all iterate over. Adding a harm is one entry here and its checker.
 *
 * Each checker is a pure function of the records (history, ledger) that names the payment
 * intents that suffered the harm, in the order of the history. What the client was told is
 * decided in one place, `outcomeOf` in components/http.ts.
 */
import type { HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import { checkChargedButFailed } from './charged-but-failed.js';
import { checkDoubleCharges } from './double-charge.js';
import { checkLostPayments } from './lost-payment.js';
import { checkStuck } from './stuck.js';
import { checkToldPaidEarly } from './told-paid-early.js';
import { checkWrongReplays } from './wrong-replay.js';

export interface HarmEntry {
  /** Kebab-case: the word in a scenario's `expect:`, in `--json`'s `harms`, in hunt's `no-<id>`. */
  readonly id: string;
  /** One capital letter for the matrix of which scenario broke which strategy. */
  readonly letter: string;
  /** The legend's name for it ("double charge"). */
  readonly name: string;
  /** The column heading in tables and CSV ("double charges"). */
  readonly label: string;
  /** The count's field in summaries, `--json` and sweep CSV (camelCase, "doubleCharges"). */
  readonly field: string;
  /** Money wrongly taken or lost: any of these makes a run unsafe; the others cost availability or trust. */
  readonly money: boolean;
  /** What happened to one payment that suffered it, for stories, violations and hunt. */
  readonly harmed: string;
  /** The property hunt tries to break, as a sentence ("no payment is charged twice"). */
  readonly claim: string;
  /** The payment intents that suffered it, in the history's order (or the ledger's, for charges). */
  readonly check: (history: HistoryRecords, ledger: readonly LedgerEntry[]) => readonly string[];
}

const CATALOGUE = [
  {
    id: 'double-charge',
    letter: 'D',
    name: 'double charge',
    label: 'double charges',
    field: 'doubleCharges',
    money: true,
    harmed: 'charged more than once',
    claim: 'no payment is charged twice',
    check: (_history, ledger) => checkDoubleCharges(ledger).doubleCharged.map((double) => double.intentId),
  },
  {
    id: 'lost-payment',
    letter: 'L',
    name: 'lost payment',
    label: 'lost',
    field: 'lostPayments',
    money: true,
    harmed: 'lost: told success or accepted, never charged',
    claim: 'no payment the client was told succeeded goes uncharged',
    check: checkLostPayments,
  },
  {
    id: 'charged-but-failed',
    letter: 'F',
    name: 'charged but told failed',
    label: 'told failed',
    field: 'chargedButFailed',
    money: true,
    harmed: 'told failed, but charged',
    claim: 'no client is told a payment failed when it was charged',
    check: checkChargedButFailed,
  },
  {
    id: 'told-paid-early',
    letter: 'E',
    name: 'told paid early',
    label: 'told paid early',
    field: 'toldPaidEarly',
    money: false,
    harmed: 'told paid before any charge existed',
    claim: 'no client is told a payment succeeded before it was charged',
    check: checkToldPaidEarly,
  },
  {
    id: 'wrong-replay',
    letter: 'W',
    name: 'wrong replay',
    label: 'wrong replay',
    field: 'wrongReplays',
    money: true,
    harmed: 'told success for an amount never charged',
    claim: 'a replayed answer always belongs to the request that carries the key',
    check: checkWrongReplays,
  },
  {
    id: 'stuck',
    letter: 'S',
    name: 'stuck',
    label: 'stuck',
    field: 'stuck',
    money: false,
    harmed: 'stuck',
    claim: 'every payment reaches an answer the client can act on',
    check: checkStuck,
  },
] as const satisfies readonly HarmEntry[];

/** A harm, by its id. */
export type Harm = (typeof CATALOGUE)[number]['id'];

/** The count fields a summary carries, one per harm. */
export type HarmField = (typeof CATALOGUE)[number]['field'];

/** An entry of the catalogue, with its id and field narrowed to the known ones. */
export type KnownHarm = HarmEntry & { readonly id: Harm; readonly field: HarmField };

/** Every harm, in the order tables, lists and letters show them. */
export const HARM_CATALOGUE: readonly KnownHarm[] = CATALOGUE;

/** Every harm id, in the catalogue's order. */
export const HARMS: readonly Harm[] = HARM_CATALOGUE.map((entry) => entry.id);

export function harmEntry(id: Harm): KnownHarm {
  return HARM_CATALOGUE.find((entry) => entry.id === id) as KnownHarm;
}

/** One value per harm, keyed by its field: how summaries and JSON get their flat counts. */
export function perHarmField<T>(value: (entry: KnownHarm) => T): { readonly [F in HarmField]: T } {
  return Object.fromEntries(HARM_CATALOGUE.map((entry) => [entry.field, value(entry)])) as {
    [F in HarmField]: T;
  };
}

/** One value per harm, keyed by its id. */
export function perHarm<T>(value: (entry: KnownHarm) => T): { readonly [H in Harm]: T } {
  return Object.fromEntries(HARM_CATALOGUE.map((entry) => [entry.id, value(entry)])) as { [H in Harm]: T };
}
