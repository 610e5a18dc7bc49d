/**
 * What judging a run needs from its history, kept as it happens instead of the history itself,
 * and forgotten per payment intent as soon as nothing can change that intent's verdicts.
 *
 * A plain `run` or `compare` prints counts, harm lists and percentiles; it never shows an attempt.
 * The tally takes the clients' writes in place of a History (HistoryRecorder) and the provider's
 * ledger entries as they land (`recordCharge`), and keeps, per intent still open, a handful of
 * numbers. `judge` then gives the same verdicts the checkers give over the full history and the
 * whole ledger (test/checks/run-tally.test.ts holds them equal for every bundled scenario and
 * strategy). A trace, a story or `explain` needs every attempt: those runs keep the History.
 *
 * An intent is judged and forgotten (only its counts, its durations and, when harmed, its id
 * stay) once it is settled: its client has its last answer, its first charge has landed, and,
 * when the client was told it paid, a charge of the amount it was told has landed. No later
 * charge can then change any verdict here: it lands after the first (the ledger only grows), so
 * the intent was charged and its finality and "told paid early" stand; a second charge is a
 * double charge, which comes from the ledger alone (double-charge.ts). The one way a charge can
 * land before another is a worker's charge attributed late (payment-provider.ts): an intent
 * whose first charge came after a charge still waiting for attribution stays open. An intent
 * never charged, or still waiting, stays open to the end: a charge may come long after the
 * client's last answer (a 202 charged later, a redelivery). A happy run thus keeps only the
 * intents in flight.
 *
 * The workload starts each intent once. An intent restarted while open keeps its place and what
 * it was told, as History keeps the attempts of its earlier life; one restarted after it was
 * forgotten would count as a new intent.
 */
import type { AttemptRecord, HistoryRecorder, IntentResult } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import type { Availability } from './availability.js';
import type { Harm } from './harm-catalogue.js';

const RESULTS: readonly IntentResult[] = ['succeeded', 'failed', 'unknown', 'pending'];
const PENDING = RESULTS.indexOf('pending');
const SUCCEEDED = RESULTS.indexOf('succeeded');
const FAILED = RESULTS.indexOf('failed');

type TalliedHarm = Exclude<Harm, 'double-charge'>;

/** What the tally keeps of an intent still open. */
interface OpenIntent {
  readonly intentId: string;
  /** Its place in the history's order (first start). */
  readonly position: number;
  startMs: number;
  /** NaN while pending. */
  endMs: number;
  /** Index into RESULTS. */
  result: number;
  /** The status of the last answer, null if none. */
  finalStatus: number | null;
  /** The amount of the intent's last ok attempt; NaN when none. */
  lastOkAmount: number;
  /** The earliest `answeredAtMs` of an ok attempt other than 202 (told paid); Infinity when none. */
  toldPaidAtMs: number;
  /** Ledger position of its first charge; Infinity when none has landed. */
  firstChargePosition: number;
  /** Virtual time of that charge, ms. */
  firstChargeAtMs: number;
  /** The amounts of its charges so far, in landing order. */
  readonly chargeAmounts: number[];
}

export class RunTally<D extends TallyDurations = TallyDurations> implements HistoryRecorder {
  private readonly open = new Map<string, OpenIntent>();
  private started = 0;
  private finished = 0;
  private positions = 0;
  private attemptCount = 0;
  private errorCount = 0;
  private readonly errorsByKind: Record<string, number> = {};
  private readonly resultCounts = RESULTS.map(() => 0);
  /** Per harm, the harmed intents' positions and ids, in the order they were judged. */
  private readonly harmed: { [H in TalliedHarm]: Array<readonly [number, string]> } = {
    'lost-payment': [],
    'charged-but-failed': [],
    'told-paid-early': [],
    'wrong-replay': [],
    stuck: [],
  };
  /**
   * Ledger positions of charges made without an intent under a key, ascending: each may still be
   * attributed to an intent (payment-provider.ts). `attributedLate` holds those that were.
   */
  private readonly unattributed: number[] = [];
  private unattributedFrom = 0;
  private readonly attributedLate = new Set<number>();
  /** Entries the ledger has had so far. */
  private ledgerLength = 0;
  private verdicts: TallyVerdicts | undefined;

  /** `durations` receives each intent's latency and finality as the intent is judged. */
  constructor(readonly durations: D) {}

  get startedCount(): number {
    return this.started;
  }

  get unfinishedCount(): number {
    return this.started - this.finished;
  }

  /** Intents not judged yet (still open): what the tally holds per intent. */
  get openCount(): number {
    return this.open.size;
  }

  startIntent(intentId: string, _amount: number, startMs: number): void {
    this.started++;
    const known = this.open.get(intentId);
    if (known !== undefined) {
      // What a restart keeps, as History keeps the attempts of the intent's earlier life.
      Object.assign(known, { startMs, endMs: Number.NaN, result: PENDING, finalStatus: null });
      return;
    }
    this.open.set(intentId, {
      intentId,
      position: this.positions++,
      startMs,
      endMs: Number.NaN,
      result: PENDING,
      finalStatus: null,
      lastOkAmount: Number.NaN,
      toldPaidAtMs: Number.POSITIVE_INFINITY,
      firstChargePosition: Number.POSITIVE_INFINITY,
      firstChargeAtMs: Number.NaN,
      chargeAmounts: [],
    });
  }

  recordAttempt(attempt: AttemptRecord): void {
    const intent = this.intent(attempt.intentId);
    this.attemptCount++;
    if (attempt.outcome === 'ok') {
      intent.lastOkAmount = attempt.amount;
      const { answeredAtMs } = attempt;
      if (attempt.status !== 202 && answeredAtMs !== null)
        intent.toldPaidAtMs = Math.min(intent.toldPaidAtMs, answeredAtMs);
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
    const intent = this.intent(intentId);
    if (intent.result === PENDING) this.finished++;
    intent.result = RESULTS.indexOf(result);
    intent.endMs = endMs;
    intent.finalStatus = finalStatus;
    this.judgeIfSettled(intent);
  }

  /** A ledger entry landed at `position`, or was attributed there late (LedgerListener). */
  recordCharge(entry: LedgerEntry, position: number): void {
    if (entry.intentId === null) {
      this.ledgerLength = position + 1;
      if (entry.idempotencyKey !== null) this.unattributed.push(position);
      return;
    }
    // A position the ledger had already reached: a worker's charge attributed late.
    if (position < this.ledgerLength) this.attributedLate.add(position);
    else this.ledgerLength = position + 1;
    // An intent already judged cannot be changed by it (see the header); one never started is not judged.
    const intent = this.open.get(entry.intentId);
    if (intent === undefined) return;
    intent.chargeAmounts.push(entry.amount);
    if (position < intent.firstChargePosition) {
      intent.firstChargePosition = position;
      intent.firstChargeAtMs = entry.atMs;
    }
    this.judgeIfSettled(intent);
  }

  /**
   * Judges the intents still open and hands back the verdicts: what the checkers say over the
   * full history and the whole ledger. It ends the tally: later calls hand back the same verdicts.
   */
  judge(): TallyVerdicts {
    if (this.verdicts !== undefined) return this.verdicts;
    const rest = [...this.open.values()].sort((a, b) => a.position - b.position);
    for (const intent of rest) this.judgeIntent(intent);
    const harmed = Object.fromEntries(
      Object.entries(this.harmed).map(([harm, intents]) => [
        harm,
        intents.sort(([a], [b]) => a - b).map(([, intentId]) => intentId),
      ]),
    ) as { [H in TalliedHarm]: string[] };
    const succeeded = this.resultCounts[SUCCEEDED] as number;
    const payments = this.positions;
    this.verdicts = {
      harmed,
      results: Object.fromEntries(RESULTS.map((result, index) => [result, this.resultCounts[index]])) as {
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
    return this.verdicts;
  }

  private judgeIfSettled(intent: OpenIntent): void {
    if (this.verdicts !== undefined || !this.settled(intent)) return;
    this.judgeIntent(intent);
    this.open.delete(intent.intentId);
  }

  /** Whether no charge still to land or be attributed can change the intent's verdicts (see the header). */
  private settled(intent: OpenIntent): boolean {
    if (intent.result === PENDING || intent.firstChargePosition === Number.POSITIVE_INFINITY) return false;
    if (toldAmountUncharged(intent)) return false;
    return this.oldestUnattributed() > intent.firstChargePosition;
  }

  private judgeIntent(intent: OpenIntent): void {
    const { result, startMs, endMs, intentId } = intent;
    const charged = intent.firstChargePosition !== Number.POSITIVE_INFINITY;
    this.resultCounts[result] = (this.resultCounts[result] as number) + 1;
    if (!Number.isNaN(endMs)) this.durations.latencyMs(endMs - startMs);
    if (charged) this.durations.finalityMs(intent.firstChargeAtMs - startMs);
    const harm = (id: TalliedHarm): void => {
      this.harmed[id].push([intent.position, intentId]);
    };
    if (result === SUCCEEDED && !charged) harm('lost-payment');
    if (result === FAILED && charged) harm('charged-but-failed');
    if (intent.toldPaidAtMs < (charged ? intent.firstChargeAtMs : Number.POSITIVE_INFINITY))
      harm('told-paid-early');
    if (charged && toldAmountUncharged(intent)) harm('wrong-replay');
    if (result === PENDING || (result !== SUCCEEDED && intent.finalStatus === 409)) harm('stuck');
  }

  /** The lowest ledger position of a charge that may still be attributed; Infinity when none. */
  private oldestUnattributed(): number {
    for (;;) {
      const position = this.unattributed[this.unattributedFrom];
      if (position === undefined || !this.attributedLate.delete(position)) break;
      this.unattributedFrom++;
    }
    return this.unattributed[this.unattributedFrom] ?? Number.POSITIVE_INFINITY;
  }

  private intent(intentId: string): OpenIntent {
    const intent = this.open.get(intentId);
    if (intent === undefined) throw new Error(`no intent "${intentId}" is open`);
    return intent;
  }
}

/**
 * Whether the client was told its payment succeeded for an amount none of its charges so far has:
 * a wrong replay once it is charged, and, until a charge of that amount lands, not yet settled.
 */
function toldAmountUncharged(intent: OpenIntent): boolean {
  const told = intent.lastOkAmount;
  return intent.result === SUCCEEDED && !Number.isNaN(told) && !intent.chargeAmounts.includes(told);
}

/** What the tally judged; double charges come from the ledger alone (double-charge.ts). */
export interface TallyVerdicts {
  /** Per harm but double charge, the intents that suffered it, in the history's order. */
  readonly harmed: { readonly [H in TalliedHarm]: readonly string[] };
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
