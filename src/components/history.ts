/**
 * What the clients saw: one record per payment intent and one per attempt.
 *
 * Checkers read these beside the provider's ledger; nothing here judges anything. Outcomes use
 * Jepsen's words from the client's side (ok, fail, info); which answer means which is decided in
 * one place, `outcomeOf` in port/http.ts.
 */
import type { AttemptOutcome } from './port/http.js';

export interface AttemptRecord {
  readonly intentId: string;
  /** 1, or 2 for the second submission of a double submit. */
  readonly submission: number;
  /** 1 for the first attempt of its submission. */
  readonly attempt: number;
  /** The Idempotency-Key sent, or null. */
  readonly key: string | null;
  /** The amount this attempt asked for, minor units. */
  readonly amount: number;
  readonly startMs: number;
  readonly endMs: number;
  /** What the answer told the client (http.ts). */
  readonly outcome: AttemptOutcome;
  /** The HTTP status, when an answer came. */
  readonly status: number | null;
  /**
   * When the service instance sent the answer, ms: earlier than `endMs` by the way back. Null
   * when no answer came, or a proxy made it up (502, 504).
   */
  readonly answeredAtMs: number | null;
}

/**
 * What the client ended up believing, from its last answer's outcome (http.ts): succeeded (ok),
 * failed (fail), unknown (info), pending (still trying when the run ended).
 */
export type IntentResult = 'succeeded' | 'failed' | 'unknown' | 'pending';

export interface IntentRecord {
  readonly intentId: string;
  readonly amount: number;
  readonly startMs: number;
  /** When the client stopped trying, or null while pending. */
  readonly endMs: number | null;
  readonly result: IntentResult;
  readonly attempts: number;
  /** The status of the last answer, if any. */
  readonly finalStatus: number | null;
}

export interface HistoryRecords {
  readonly intents: readonly IntentRecord[];
  readonly attempts: readonly AttemptRecord[];
}

/** What the clients write to while a run goes: this History, or a tally that keeps only what judging needs. */
export interface HistoryRecorder {
  /** Intents started so far. */
  readonly startedCount: number;
  /** Intents started and not yet finished (the client is still waiting or retrying). */
  readonly unfinishedCount: number;
  startIntent(intentId: string, amount: number, startMs: number): void;
  recordAttempt(attempt: AttemptRecord): void;
  finishIntent(
    intentId: string,
    result: Exclude<IntentResult, 'pending'>,
    endMs: number,
    finalStatus: number | null,
  ): void;
}

/**
 * Append-only recorder the clients write to. Intents are kept in start order in one array with an
 * index by id, so reading `intents` costs nothing and updating one costs one lookup: a million
 * payments must not copy a million records per read.
 */
export class History implements HistoryRecords, HistoryRecorder {
  private readonly intentList: IntentRecord[] = [];
  private readonly indexById = new Map<string, number>();
  readonly attempts: AttemptRecord[] = [];
  private started = 0;
  private finished = 0;

  /** Intents started so far. */
  get startedCount(): number {
    return this.started;
  }

  /** Intents started and not yet finished (the client is still waiting or retrying). */
  get unfinishedCount(): number {
    return this.started - this.finished;
  }

  get intents(): readonly IntentRecord[] {
    return this.intentList;
  }

  startIntent(intentId: string, amount: number, startMs: number): void {
    this.started++;
    if (!this.indexById.has(intentId)) this.indexById.set(intentId, this.intentList.length);
    this.set(intentId, {
      intentId,
      amount,
      startMs,
      endMs: null,
      result: 'pending',
      attempts: 0,
      finalStatus: null,
    });
  }

  recordAttempt(attempt: AttemptRecord): void {
    this.attempts.push(attempt);
    const intent = this.intent(attempt.intentId);
    this.set(attempt.intentId, { ...intent, attempts: intent.attempts + 1 });
  }

  finishIntent(
    intentId: string,
    result: Exclude<IntentResult, 'pending'>,
    endMs: number,
    finalStatus: number | null,
  ): void {
    const intent = this.intent(intentId);
    if (intent.result === 'pending') this.finished++;
    this.set(intentId, { ...intent, result, endMs, finalStatus });
  }

  private intent(intentId: string): IntentRecord {
    const index = this.indexById.get(intentId);
    const intent = index === undefined ? undefined : this.intentList[index];
    if (intent === undefined) throw new Error(`no intent "${intentId}" was started`);
    return intent;
  }

  /** Replaces the intent's record in place (a restarted intent keeps its first position, as a Map would). */
  private set(intentId: string, record: IntentRecord): void {
    this.intentList[this.indexById.get(intentId) as number] = record;
  }
}
