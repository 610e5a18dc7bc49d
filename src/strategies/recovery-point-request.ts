/**
 * One run of a request through `recovery-point`'s phases, from wherever its key's recovery point
 * stands: a new key starts at `started`, a retry after a crash resumes at the point the dead run
 * last committed. The client's requests and the completer both come through here.
 *
 * started -> payment_created: the local payment record (phase 2);
 * payment_created -> charge_created: the charge, between phases, with the provider key derived
 *   from the client's key, then its result recorded (phase 3); a run that resumes here charges
 *   again with the same provider key, which a provider that keeps keys answers with the first
 *   charge;
 * charge_created -> finished: the answer stored and the lock released (phase 4).
 */
import type { HttpResponse, PaymentBody } from '../components/port/http.js';
import type { Charge } from '../components/port/port.js';
import { CallRefusedError, CallTimeoutError, ProviderError } from '../components/port/port.js';
import type { Proc } from '../engine/effects.js';
import {
  atomicPhase,
  createPayment,
  finish,
  isConflict,
  LockLostError,
  openKey,
  recordCharge,
  unlock,
  type Fence,
} from './recovery-point-phases.js';
import {
  providerKeyFor,
  requestParamsOf,
  type RecoveryPoint,
  type RecoveryPointConfig,
} from './recovery-point-schema.js';
import type { StrategyContext } from './strategy.js';

type Ctx = StrategyContext<RecoveryPointConfig>;

const OUTCOME_UNKNOWN: HttpResponse = {
  status: 503,
  body: { error: 'payment outcome unknown; retry with the same Idempotency-Key' },
};

/** The article's answer to a serialization failure: nothing is lost, try again. */
const RETRY_CONFLICT: HttpResponse = {
  status: 429,
  body: { error: 'conflict with a concurrent request; retry with the same Idempotency-Key' },
};

/** Runs the request for `key` to an answer; what it cannot answer (a bug) it throws, as a 500. */
export function* runRequest(key: string, body: PaymentBody, ctx: Ctx): Proc<HttpResponse> {
  // The lock this run takes is the time it takes it: the article's locked_at, and our fence.
  const fence: Fence = { key, lockedAtMs: ctx.now() };
  try {
    const opening = yield* atomicPhase(ctx, (tx) => openKey(tx, fence, requestParamsOf(body), ctx));
    if (opening.kind === 'answer') return opening.response;
    return yield* runPhases(fence, body, opening.point, ctx);
  } catch (error) {
    if (error instanceof LockLostError)
      return { status: 409, body: { error: 'another request took this Idempotency-Key over; retry later' } };
    // Whatever this run did stays committed at its recovery point; the next run continues it, at
    // once rather than after the lock goes stale (the article's `ensure`, on every error).
    yield* unlockQuietly(fence, ctx);
    const answer = answerTo(error);
    if (answer === undefined) throw error;
    return answer;
  }
}

function* runPhases(
  fence: Fence,
  body: PaymentBody,
  from: Exclude<RecoveryPoint, 'finished'>,
  ctx: Ctx,
): Proc<HttpResponse> {
  let point = from;
  let charge: Charge | undefined;
  for (;;) {
    switch (point) {
      case 'started':
        point = yield* atomicPhase(ctx, (tx) => createPayment(tx, fence, body.amount, body.currency));
        break;
      case 'payment_created': {
        const made = yield* chargeOnce(fence.key, body, ctx);
        charge = made;
        point = yield* atomicPhase(ctx, (tx) => recordCharge(tx, fence, made, ctx));
        break;
      }
      case 'charge_created': {
        const known = charge;
        return yield* atomicPhase(ctx, (tx) => finish(tx, fence, known));
      }
    }
  }
}

/** The foreign call, outside any transaction: nothing is held open across the provider's latency. */
function* chargeOnce(key: string, body: PaymentBody, ctx: Ctx): Proc<Charge> {
  return yield* ctx.psp.charge({
    amount: body.amount,
    currency: body.currency,
    idempotencyKey: providerKeyFor(key),
  });
}

/**
 * The answer to an error that is not a bug: the database or the provider did not answer (the
 * outcome is unknown, never "failed"), the provider is still working on our key, or the phase kept
 * losing to concurrent ones.
 */
function answerTo(error: unknown): HttpResponse | undefined {
  if (error instanceof CallTimeoutError || error instanceof CallRefusedError) return OUTCOME_UNKNOWN;
  if (error instanceof ProviderError && error.status === 409)
    return { status: 409, body: { error: 'the provider is still processing this payment' } };
  if (isConflict(error)) return RETRY_CONFLICT;
  return undefined;
}

function* unlockQuietly(fence: Fence, ctx: Ctx): Proc<void> {
  try {
    yield* unlock(fence, ctx);
  } catch {
    // Already failing: a lock we cannot release goes stale on its own (the article logs and goes on).
  }
}
