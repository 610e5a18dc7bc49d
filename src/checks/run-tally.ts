/**
 * What judging a run needs from its history, kept as it happens instead of the history itself.
 *
 * A plain `run` or `compare` prints counts, harm lists and percentiles; it never shows an attempt.
 * The tally takes the clients' writes in place of a History (HistoryRecorder) and keeps, per
 * payment intent, a handful of numbers in columns (no record object, no attempt records): its id,
 * start, end, result, last status, the amount of its last successful answer and when the earliest
 * "paid" answer was sent. Attempts become counters. `judgeTally` then gives the same verdicts the
 * checkers give over the full history (test/checks/run-tally.test.ts holds them equal for every
 * bundled scenario and strategy). A trace, a story or `explain` needs every attempt: those runs
 * keep the History.
 *
 * The ledger is still read whole at the end: a charge can come long after the client's last
 * answer (a 202 charged later, a redelivery), so an intent's money is judged once the run is over.
 */
import type { AttemptRecord, HistoryRecorder, IntentResult } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import type { Availability } from './availability.js';
import { chargesByIntent } from './charges-by-intent.js';
import type { Harm } from './harm-catalogue.js';

const RESULTS: readonly IntentResult[] = ['succeeded', 'failed', 'unknown', 'pending'];
const PENDING = RESULTS.indexOf('pending');
const SUCCEEDED = RESULTS.indexOf('succeeded');
const FAILED = RESULTS.indexOf('failed');
/** finalStatus null, as a number in a column. */
const NO_STATUS = -1;

export class RunTally implements HistoryRecorder {
  private readonly positionById = new Map<string, number>();
  /** Columns, one slot per intent in the history's order (first start). */
  private readonly ids: string[] = [];
  private readonly startsMs: number[] = [];
  /** NaN while pending. */
  private readonly endsMs: number[] = [];
  /** Index into RESULTS. */
  private readonly results: number[] = [];
  private readonly finalStatuses: number[] = [];
  /** The amount of the intent's last ok attempt; NaN when none. */
  private readonly lastOkAmounts: number[] = [];
  /** The earliest `answeredAtMs` of an ok attempt other than 202 (told paid); Infinity when none. */
  private readonly toldPaidAtMs: number[] = [];
  private started = 0;
  private finished = 0;
  private attemptCount = 0;
  private errorCount = 0;
  private readonly errorsByKind: Record<string, number> = {};

  get startedCount(): number {
    return this.started;
  }

  get unfinishedCount(): number {
    return this.started - this.finished;
  }

  startIntent(intentId: string, _amount: number, startMs: number): void {
    this.started++;
    let position = this.positionById.get(intentId);
    if (position === undefined) {
      position = this.ids.length;
      this.positionById.set(intentId, position);
      this.ids.push(intentId);
      // What a restart keeps, as History keeps the attempts of the intent's earlier life.
      this.lastOkAmounts.push(Number.NaN);
      this.toldPaidAtMs.push(Number.POSITIVE_INFINITY);
    }
    this.startsMs[position] = startMs;
    this.endsMs[position] = Number.NaN;
    this.results[position] = PENDING;
    this.finalStatuses[position] = NO_STATUS;
  }

  recordAttempt(attempt: AttemptRecord): void {
    const position = this.position(attempt.intentId);
    this.attemptCount++;
    if (attempt.outcome === 'ok') {
      this.lastOkAmounts[position] = attempt.amount;
      const { answeredAtMs } = attempt;
      if (attempt.status !== 202 && answeredAtMs !== null)
        this.toldPaidAtMs[position] = Math.min(this.toldPaidAtMs[position] as number, answeredAtMs);
      return;
    }
    this.errorCount++;
    const kind =
      attempt.status !== null ? String(attempt.status) : attempt.outcome === 'info' ? 'timeout' : 'refused';
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
  }

  finishIntent(
    intentId: string,
    result: Exclude<IntentResult, 'pending'>,
    endMs: number,
    finalStatus: number | null,
  ): void {
    const position = this.position(intentId);
    if (this.results[position] === PENDING) this.finished++;
    this.results[position] = RESULTS.indexOf(result);
    this.endsMs[position] = endMs;
    this.finalStatuses[position] = finalStatus ?? NO_STATUS;
  }

  /**
   * Judges the run from the columns and the whole ledger: what the checkers say over the full
   * history. Each duration goes to `durations` as it is found (metrics record them straight into
   * a histogram), in the history's order.
   */
  judge(ledger: readonly LedgerEntry[], durations: TallyDurations): TallyVerdicts {
    const charged = chargesByIntent(ledger);
    const harmed: { [H in Exclude<Harm, 'double-charge'>]: string[] } = {
      'lost-payment': [],
      'charged-but-failed': [],
      'told-paid-early': [],
      'wrong-replay': [],
      stuck: [],
    };
    const resultCounts = RESULTS.map(() => 0);
    for (let position = 0; position < this.ids.length; position++) {
      const intentId = this.ids[position] as string;
      const result = this.results[position] as number;
      const charges = charged.get(intentId);
      resultCounts[result] = (resultCounts[result] as number) + 1;
      const endMs = this.endsMs[position] as number;
      const startMs = this.startsMs[position] as number;
      if (!Number.isNaN(endMs)) durations.latencyMs(endMs - startMs);
      const first = charges?.[0];
      if (first !== undefined) durations.finalityMs(first.atMs - startMs);
      if (result === SUCCEEDED && charges === undefined) harmed['lost-payment'].push(intentId);
      if (result === FAILED && charges !== undefined) harmed['charged-but-failed'].push(intentId);
      if ((this.toldPaidAtMs[position] as number) < (first?.atMs ?? Number.POSITIVE_INFINITY))
        harmed['told-paid-early'].push(intentId);
      const told = this.lastOkAmounts[position] as number;
      if (result === SUCCEEDED && charges !== undefined && !Number.isNaN(told))
        if (!charges.some((charge) => charge.amount === told)) harmed['wrong-replay'].push(intentId);
      if (result === PENDING || (result !== SUCCEEDED && this.finalStatuses[position] === 409))
        harmed.stuck.push(intentId);
    }
    const succeeded = resultCounts[SUCCEEDED] as number;
    const payments = this.ids.length;
    return {
      harmed,
      results: Object.fromEntries(RESULTS.map((result, index) => [result, resultCounts[index]])) as {
        [R in IntentResult]: number;
      },
      payments,
      attempts: this.attemptCount,
      availability: {
        successRate: payments === 0 ? 1 : succeeded / payments,
        attemptErrorRate: this.attemptCount === 0 ? 0 : this.errorCount / this.attemptCount,
        errorsByKind: Object.fromEntries(
          Object.entries(this.errorsByKind).sort(([a], [b]) => a.localeCompare(b)),
        ),
      },
    };
  }

  private position(intentId: string): number {
    const position = this.positionById.get(intentId);
    if (position === undefined) throw new Error(`no intent "${intentId}" was started`);
    return position;
  }
}

/** What the tally judged; double charges come from the ledger alone (double-charge.ts). */
export interface TallyVerdicts {
  /** Per harm but double charge, the intents that suffered it, in the history's order. */
  readonly harmed: { readonly [H in Exclude<Harm, 'double-charge'>]: readonly string[] };
  readonly results: { readonly [R in IntentResult]: number };
  readonly payments: number;
  readonly attempts: number;
  readonly availability: Availability;
}

/** Where judging hands the durations it finds. */
export interface TallyDurations {
  /** From a finished intent's start to its last answer, ms. */
  latencyMs(ms: number): void;
  /** From a charged intent's start to its first charge, ms. */
  finalityMs(ms: number): void;
}
