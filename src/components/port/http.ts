/**
 * The HTTP shapes of `POST /payments`, as the client sends them and the service answers.
 */

export interface PaymentBody {
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
}

export interface PaymentRequest {
  /** The `Idempotency-Key` header, or null when the client sent none. */
  readonly key: string | null;
  readonly body: PaymentBody;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * An answer as it travels back to the client: the service instance stamps the moment it sent it,
 * so a checker can compare what the client was told with what the provider's ledger held then.
 */
export interface ServedResponse extends HttpResponse {
  /** Virtual time the service instance sent this answer, ms; absent on one a proxy made up (502, 504). */
  readonly answeredAtMs?: number;
}

/**
 * What the client was told, in Jepsen's words. This is the one place that maps answers to
 * beliefs; the history records it (history.ts), the checkers read it, the README points here.
 * - ok, told paid: a 2xx (201 charged, 200 replayed, 202 accepted to be charged later);
 * - info, unknown: no answer within the client's timeout, or an answer that concludes nothing:
 *   409 (another attempt is in flight), 422 (the key was used for another request: the IETF
 *   draft's answer, which says nothing about whether the first one was paid), 429, 502, 503 and
 *   504 ("try again later"). The payment may or may not happen;
 * - fail, told failed: 500 and every other status (the client is told the payment failed), or a
 *   refused connection (the request never reached a running process: nothing happened).
 * A payment's final belief is that of its last answer (succeeded, failed, unknown; see
 * `IntentResult` in history.ts), and a double submit believes its luckiest submission.
 */
export type AttemptOutcome = 'ok' | 'fail' | 'info';

/** What reached the client for one attempt: an HTTP status, no answer in time, or a refusal. */
export type ClientAnswer = number | 'timeout' | 'refused';

const UNKNOWN_STATUSES = new Set([409, 422, 429, 502, 503, 504]);

export function outcomeOf(answer: ClientAnswer): AttemptOutcome {
  if (answer === 'timeout') return 'info';
  if (answer === 'refused') return 'fail';
  if (answer >= 200 && answer < 300) return 'ok';
  return UNKNOWN_STATUSES.has(answer) ? 'info' : 'fail';
}

/** A client retries "try later" answers and 5xx; never a 4xx, which a retry cannot change. */
export function isRetryable(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}
