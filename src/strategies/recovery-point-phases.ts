/**
 * The atomic phases of `recovery-point`: each one a SERIALIZABLE transaction that does its local
 * work and moves the key's recovery point on, so that a crash leaves the key at the last point
 * committed and nothing half-done.
 *
 * Every phase after the first is fenced by the lock it holds: its first statement moves the
 * recovery point on only `WHERE locked_at = ours AND recovery_point = expected`, so a request
 * whose lock went stale and was taken over (a paused process that wakes) cannot write over its
 * successor; it stops with `LockLostError`. The article writes `key.update(recovery_point: ...)`
 * unfenced and relies on SERIALIZABLE alone, which catches two phases that overlap but not a
 * zombie's phase that runs after its successor's committed. Updating the key row first also takes
 * its row lock for the rest of the phase.
 */
import type { HttpResponse } from '../components/port/http.js';
import type { Charge } from '../components/port/port.js';
import { DatabaseError, SQLSTATE, type Queryable } from '../components/port/database-port.js';
import type { Proc } from '../engine/effects.js';
import {
  REQUEST_METHOD,
  REQUEST_PATH,
  type KeyRow,
  type PaymentIntentRow,
  type RecoveryPoint,
  type RecoveryPointConfig,
} from './recovery-point-schema.js';
import type { StrategyContext } from './strategy.js';

type Ctx = StrategyContext<RecoveryPointConfig>;

/** The request's lock on its key: the `locked_at` it wrote, which fences its later phases. */
export interface Fence {
  readonly key: string;
  readonly lockedAtMs: number;
}

/** Another request took the key over while this one was away: it must not write any more. */
export class LockLostError extends Error {
  constructor(readonly key: string) {
    super(`the lock on ${key} was taken over`);
    this.name = 'LockLostError';
  }
}

/**
 * Whether running the phase again may succeed: a serialization failure, a deadlock, or the unique
 * violation of two first phases inserting one key at once (PostgreSQL reports that as 40001 when
 * the transaction had looked for the key first; a model may report 23505).
 */
export function isConflict(error: unknown): boolean {
  if (!(error instanceof DatabaseError)) return false;
  const retryable: readonly string[] = [
    SQLSTATE.serializationFailure,
    SQLSTATE.deadlockDetected,
    SQLSTATE.uniqueViolation,
  ];
  return retryable.includes(error.code);
}

/** Runs `body` as one SERIALIZABLE transaction, again on a conflict up to `serializationRetriesMax` times. */
export function* atomicPhase<T>(ctx: Ctx, body: (tx: Queryable) => Proc<T>): Proc<T> {
  for (let retries = 0; ; retries++) {
    try {
      return yield* ctx.db.transaction(body, { isolation: 'serializable' });
    } catch (error) {
      if (!isConflict(error) || retries >= ctx.config.serializationRetriesMax) throw error;
    }
  }
}

/** What the first phase found: a lock taken at a recovery point, or the answer to give at once. */
export type Opening =
  | { readonly kind: 'locked'; readonly point: Exclude<RecoveryPoint, 'finished'> }
  | { readonly kind: 'answer'; readonly response: HttpResponse };

const conflict = (error: string): Opening => ({ kind: 'answer', response: { status: 409, body: { error } } });

/**
 * Phase 1: insert the key, or find it and lock its row; then compare the request, replay a
 * finished answer, refuse while a live request holds the lock, else take the lock.
 */
export function* openKey(tx: Queryable, fence: Fence, params: string, ctx: Ctx): Proc<Opening> {
  const found = yield* tx.query<KeyRow>(
    'SELECT request_method, request_path, request_params, locked_at, recovery_point, response_code, response_body ' +
      'FROM idempotency_keys WHERE key = $1 FOR UPDATE',
    [fence.key],
  );
  const row = found.rows[0];
  const now = fence.lockedAtMs;
  if (row === undefined) {
    // The time is sent once per column, not as one $2 used three times: the model's pg-mem keeps
    // the code it compiled for a statement only while each parameter appears once (live-values.ts).
    yield* tx.query(
      'INSERT INTO idempotency_keys (key, created_at, last_run_at, locked_at, request_method, request_path, ' +
        "request_params, recovery_point) VALUES ($1, $2, $3, $4, $5, $6, $7, 'started')",
      [fence.key, now, now, now, REQUEST_METHOD, REQUEST_PATH, params],
    );
    return { kind: 'locked', point: 'started' };
  }
  // The same key with another request is a bug of the client: 422, as the IETF draft and
  // db-atomic. The article answers 409, which a client takes for "in progress" and retries until
  // it gives up on a 409: stuck, for a request no retry can fix.
  if (
    row.request_params !== params ||
    row.request_method !== REQUEST_METHOD ||
    row.request_path !== REQUEST_PATH
  )
    return {
      kind: 'answer',
      response: { status: 422, body: { error: 'Idempotency-Key reused with another request' } },
    };
  if (row.recovery_point === 'finished')
    return {
      kind: 'answer',
      response: {
        status: row.response_code ?? 500,
        body: JSON.parse(row.response_body ?? 'null') as unknown,
      },
    };
  if (row.locked_at !== null && Number(row.locked_at) > now - ctx.config.lockTimeoutMs)
    return conflict('a request with this Idempotency-Key is in progress; retry later');
  yield* tx.query('UPDATE idempotency_keys SET locked_at = $1, last_run_at = $2 WHERE key = $3', [
    now,
    now,
    fence.key,
  ]);
  return { kind: 'locked', point: row.recovery_point };
}

/** The first statement of every later phase: move the recovery point on, if the lock is still ours. */
function* advance(tx: Queryable, fence: Fence, from: RecoveryPoint, to: RecoveryPoint): Proc<void> {
  const moved = yield* tx.query(
    'UPDATE idempotency_keys SET recovery_point = $1 WHERE key = $2 AND locked_at = $3 AND recovery_point = $4',
    [to, fence.key, fence.lockedAtMs, from],
  );
  if (moved.rowCount === 0) throw new LockLostError(fence.key);
}

/** Phase 2: the local payment record, before any money moves (the article's ride). */
export function* createPayment(
  tx: Queryable,
  fence: Fence,
  amount: number,
  currency: string,
): Proc<'payment_created'> {
  yield* advance(tx, fence, 'started', 'payment_created');
  yield* tx.query(
    'INSERT INTO payment_intents (id, idempotency_key, amount, currency) VALUES ($1, $2, $3, $4)',
    [`${fence.key}@${fence.lockedAtMs}`, fence.key, amount, currency],
  );
  return 'payment_created';
}

/** Phase 3: the charge the provider made, on the local record and in the service's payments table. */
export function* recordCharge(tx: Queryable, fence: Fence, charge: Charge, ctx: Ctx): Proc<'charge_created'> {
  yield* advance(tx, fence, 'payment_created', 'charge_created');
  yield* tx.query('UPDATE payment_intents SET charge_id = $1 WHERE idempotency_key = $2', [
    charge.chargeId,
    fence.key,
  ]);
  yield* ctx.payments.record(charge, fence.key, tx);
  return 'charge_created';
}

/**
 * Phase 4: store the answer and release the lock. A request that resumes here has no charge in
 * memory and reads it back from the local record (as the article reads its ride back).
 */
export function* finish(tx: Queryable, fence: Fence, known: Charge | undefined): Proc<HttpResponse> {
  const charge = known ?? (yield* chargeOnRecord(tx, fence.key));
  const response: HttpResponse = { status: 201, body: charge };
  const done = yield* tx.query(
    "UPDATE idempotency_keys SET recovery_point = 'finished', locked_at = NULL, response_code = $1, " +
      "response_body = $2 WHERE key = $3 AND locked_at = $4 AND recovery_point = 'charge_created'",
    [response.status, JSON.stringify(response.body), fence.key, fence.lockedAtMs],
  );
  if (done.rowCount === 0) throw new LockLostError(fence.key);
  return response;
}

function* chargeOnRecord(tx: Queryable, key: string): Proc<Charge> {
  const found = yield* tx.query<PaymentIntentRow>(
    'SELECT amount, currency, charge_id FROM payment_intents WHERE idempotency_key = $1',
    [key],
  );
  const row = found.rows[0];
  // A key at charge_created without its charge on record is a bug, as the article says.
  if (row === undefined || row.charge_id === null) throw new Error(`bug: no charge on record for ${key}`);
  return { chargeId: row.charge_id, amount: row.amount, currency: row.currency, status: 'succeeded' };
}

/**
 * Gives the lock up at once after an error, so the next request need not wait for it to go
 * stale (the article's `ensure`); fenced, so it never releases a successor's lock.
 */
export function* unlock(fence: Fence, ctx: Ctx): Proc<void> {
  yield* ctx.db.query('UPDATE idempotency_keys SET locked_at = NULL WHERE key = $1 AND locked_at = $2', [
    fence.key,
    fence.lockedAtMs,
  ]);
}
