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

/** 2xx: the client takes the payment as made (201) or accepted for later (202). */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Whether a client should try again: 409 (another attempt is in flight), 429, and 5xx are
 * transient; other 4xx say the request itself is wrong.
 */
export function isRetryable(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}
