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
 * What an answer tells the client about its payment:
 * - success: 2xx (201 made, 202 accepted for later);
 * - indeterminate: 409 (another attempt is in flight), 422 (the key was used for another request:
 *   the IETF draft's answer, which says nothing about whether the first one was paid), 429, 502,
 *   503, 504 ("try again later"): nothing concluded, the payment may or may not happen;
 * - failure: 500 and every other status: the client is told the payment failed.
 */
export type AnswerMeaning = 'success' | 'indeterminate' | 'failure';

const INDETERMINATE = new Set([409, 422, 429, 502, 503, 504]);

export function meaningOf(status: number): AnswerMeaning {
  if (status >= 200 && status < 300) return 'success';
  return INDETERMINATE.has(status) ? 'indeterminate' : 'failure';
}

/** A client retries "try later" answers and 5xx; never a 4xx, which a retry cannot change. */
export function isRetryable(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}
