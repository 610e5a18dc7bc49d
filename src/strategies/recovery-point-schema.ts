/**
 * The tables, settings and names of `recovery-point` (Brandur Leach's "Implementing Stripe-like
 * Idempotency Keys in Postgres").
 *
 * `idempotency_keys` is the article's table, keyed by the key itself (the model's sequences are
 * transactional, so a natural key is the safe primary key; the article has a bigserial id and a
 * unique index on the key). Times are the service's virtual clock in ms (with microseconds) in
 * double precision columns, as db-atomic's lease: the article's `timestamptz DEFAULT now()` reads
 * the database's clock instead, which in this world is the same clock.
 * `payment_intents` is the local record the second phase writes before any money moves (the
 * article's `rides` row); the charge id joins it in the phase after the charge. Later phases find
 * it by the key, which only one live record carries.
 */
import type { PaymentBody } from '../components/port/http.js';

export interface RecoveryPointConfig {
  /**
   * How long a request's lock (`locked_at`) holds before another request may take the key over,
   * ms (default 5000). The article waits 90 s; 5 s is db-atomic's lease, so a crashed request
   * blocks its client's retries as long in both designs.
   */
  readonly lockTimeoutMs: number;
  /**
   * How many times a phase that failed with a serialization failure (40001), a deadlock (40P01)
   * or a concurrent insert of the same key (23505) runs again before the request is answered 429,
   * count (default 3). The article answers 429 at once and says the phase could be retried.
   */
  readonly serializationRetriesMax: number;
  /** Run the completer on every service instance (default true: the article runs one). */
  readonly completer: boolean;
  /** How often the completer looks for unfinished keys, ms (default 5000: the article's). */
  readonly completerIntervalMs: number;
  /**
   * How long since a key's last run (`last_run_at`) before the completer takes it, ms (default
   * 5000). The article waits 60 s, so the completer does not churn a key that keeps failing.
   */
  readonly completerIdleMs: number;
  /** How long a key row is kept before the reaper deletes it, ms (default 259 200 000: the article's 72 h). */
  readonly keyRetentionMs: number;
  /** How often the reaper runs, ms (default 3 600 000). */
  readonly reaperIntervalMs: number;
}

export const RECOVERY_POINT_DEFAULTS: RecoveryPointConfig = {
  lockTimeoutMs: 5000,
  serializationRetriesMax: 3,
  completer: true,
  completerIntervalMs: 5000,
  completerIdleMs: 5000,
  keyRetentionMs: 259_200_000,
  reaperIntervalMs: 3_600_000,
};

/** Problems with a merged configuration, one line each. */
export function recoveryPointConfigProblems(config: RecoveryPointConfig): string[] {
  const problems: string[] = [];
  const positive = ['lockTimeoutMs', 'completerIntervalMs', 'keyRetentionMs', 'reaperIntervalMs'] as const;
  for (const field of positive) {
    if (!(config[field] > 0)) problems.push(`${field}: expected a duration above 0`);
  }
  if (!(config.completerIdleMs >= 0)) problems.push('completerIdleMs: expected a duration of 0 or more');
  if (!Number.isInteger(config.serializationRetriesMax) || config.serializationRetriesMax < 0)
    problems.push('serializationRetriesMax: expected a whole number of 0 or more');
  return problems;
}

/** Where a request has got to; each one is committed by the phase that reached it. */
export type RecoveryPoint = 'started' | 'payment_created' | 'charge_created' | 'finished';

export const SCHEMA_SQL: readonly string[] = [
  'CREATE TABLE idempotency_keys (key text PRIMARY KEY, created_at double precision NOT NULL, ' +
    'last_run_at double precision NOT NULL, locked_at double precision, request_method text NOT NULL, ' +
    'request_path text NOT NULL, request_params text NOT NULL, response_code integer, response_body text, ' +
    'recovery_point text NOT NULL)',
  // id: the key and the moment of the run that created it, so a key reused after the reaper
  // deleted its row gets a record of its own; idempotency_key is NULL once the key is reaped.
  'CREATE TABLE payment_intents (id text PRIMARY KEY, idempotency_key text, amount integer NOT NULL, ' +
    'currency text NOT NULL, charge_id text)',
];

/** The key row as phase 1 reads it. */
export interface KeyRow {
  readonly request_method: string;
  readonly request_path: string;
  readonly request_params: string;
  readonly locked_at: number | string | null;
  readonly recovery_point: RecoveryPoint;
  readonly response_code: number | null;
  readonly response_body: string | null;
}

/** The local payment record as the later phases read it back when they resume. */
export interface PaymentIntentRow {
  readonly amount: number;
  readonly currency: string;
  readonly charge_id: string | null;
}

export const REQUEST_METHOD = 'POST';
export const REQUEST_PATH = '/payments';

/** The request's parameters as stored and compared: fixed field order, so equal bodies give equal text. */
export function requestParamsOf(body: PaymentBody): string {
  return JSON.stringify({ amount: body.amount, currency: body.currency });
}

/** The body of a stored request, for the completer, which replays it. */
export function bodyOfParams(params: string): PaymentBody {
  const parsed = JSON.parse(params) as { amount: number; currency: string };
  return { amount: parsed.amount, currency: parsed.currency };
}

/**
 * The key the provider sees: our own, derived from the client's key and the same for every run of
 * the request (the article passes "rocket-rides-atomic-<id>" so it is unique across accounts).
 */
export function providerKeyFor(key: string): string {
  return `payment:${key}`;
}
