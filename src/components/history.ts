/**
 * What the clients saw: one record per payment intent and one per attempt.
 *
 * Checkers read these beside the provider's ledger; nothing here judges anything. Outcomes use
 * Jepsen's words from the client's side: ok (a 2xx), fail (an answer that says the payment
 * failed, such as 500 or 422, or a refused connection), info (no answer in time, or an answer
 * that concludes nothing, such as 409 or 503: the client cannot know). See port/http.ts.
 */

export type AttemptOutcome = 'ok' | 'fail' | 'info';

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
  readonly outcome: AttemptOutcome;
  /** The HTTP status, when an answer came. */
  readonly status: number | null;
}

/**
 * What the client ended up believing, from its last answer: succeeded (a 2xx), failed (it was
 * told the payment failed), unknown (no answer, or only "try again later"), pending (still trying
 * when the run ended).
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

/** Append-only recorder the clients write to. */
export class History implements HistoryRecords {
  private readonly intentsById = new Map<string, IntentRecord>();
  readonly attempts: AttemptRecord[] = [];

  get intents(): readonly IntentRecord[] {
    return [...this.intentsById.values()];
  }

  startIntent(intentId: string, amount: number, startMs: number): void {
    this.intentsById.set(intentId, {
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
    this.intentsById.set(attempt.intentId, { ...intent, attempts: intent.attempts + 1 });
  }

  finishIntent(
    intentId: string,
    result: Exclude<IntentResult, 'pending'>,
    endMs: number,
    finalStatus: number | null,
  ): void {
    this.intentsById.set(intentId, { ...this.intent(intentId), result, endMs, finalStatus });
  }

  private intent(intentId: string): IntentRecord {
    const intent = this.intentsById.get(intentId);
    if (intent === undefined) throw new Error(`no intent "${intentId}" was started`);
    return intent;
  }
}
