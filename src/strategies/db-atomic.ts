/**
 * `db-atomic`: the design that holds (Stripe's contract, the IETF Idempotency-Key draft, the
 * Postgres recovery-point design). Claim the key first, in its own committed statement, with a
 * fingerprint of the request; only the claim's owner charges, with a provider key derived from
 * the claimed row, so every retry or takeover hits the provider with the same key.
 *
 * A losing claim reads the row: another payload -> 422; finished -> replay the stored answer; in
 * flight with a live lease -> 409; lease expired -> take over with a compare-and-set on the lease.
 * A provider timeout is unknown, not failure: the row stays unfinished, the lease is released and
 * the client is told 503 so its retry continues the same work. After the charge it records the
 * payment in the service's payments table (its own statement, idempotent by charge id), then
 * marks the key row done with the answer. A charge whose answer could not be recorded (a
 * statement timed out or was refused) is answered 503, not 500: the row stays in flight, so a
 * retry gets 409 until the lease ends and then takes over and gets the key's charge replayed.
 * Assumes: the provider honours idempotency keys for longer than any retry ("ok*"), or a
 * reconciliation (lookup by reference on takeover, a completer) closes the window. Breaks under:
 * a new key per retry (13-new-key-per-retry), a retry after the reaper removed the row and the
 * provider forgot the key (06-key-forgotten); without provider keys, a takeover after a charge it
 * cannot see charges twice (17-no-provider-keys), and with reconciliation still while the first
 * charge is in flight (18-no-provider-keys-reconciled).
 */
import type { HttpResponse, PaymentRequest } from '../components/port/http.js';
import type { Charge } from '../components/port/port.js';
import { CallRefusedError, CallTimeoutError, ProviderError } from '../components/port/port.js';
import type { Proc } from '../engine/effects.js';
import {
  claimKey,
  providerKeyFor,
  recordResponse,
  releaseLease,
  type DbAtomicConfig,
} from './db-atomic-rows.js';
import { completeAbandoned, reapExpired } from './db-atomic-workers.js';
import type { Strategy, StrategyContext } from './strategy.js';

export type { DbAtomicConfig } from './db-atomic-rows.js';

export const dbAtomic: Strategy<DbAtomicConfig> = {
  name: 'db-atomic',
  summary: 'Claim the key first with a unique insert, fingerprint, lease and takeover, derived provider key',
  assumes: 'The provider honours idempotency keys (ok*), or lookup by reference / a completer reconciles.',
  breaksUnder:
    'A new key per retry (13-new-key-per-retry); a late retry once its reaper and the provider both forgot the key (06-key-forgotten); without provider keys, a takeover after a charge (17-no-provider-keys), which reconciling by reference narrows to a charge still in flight (18-no-provider-keys-reconciled).',
  defaults: {
    leaseMs: 5000,
    keyRetentionMs: 86_400_000,
    reaperIntervalMs: 3_600_000,
    reconcileOnTakeover: false,
    completer: false,
    completerIntervalMs: 5000,
  },
  *setup(ctx) {
    yield* ctx.db.query(
      'CREATE TABLE idempotency_keys (key text PRIMARY KEY, fingerprint text NOT NULL, state text NOT NULL, ' +
        'lease_until double precision NOT NULL, takeovers integer NOT NULL, status_code integer, body text, created_at double precision NOT NULL)',
    );
  },
  *handle(request, ctx) {
    if (request.key === null) return { status: 400, body: { error: 'missing Idempotency-Key' } };
    try {
      return yield* handleKeyed(request, request.key, ctx);
    } catch (error) {
      // PostgreSQL or the provider did not answer: whatever this attempt or an earlier one did,
      // the service cannot vouch for the outcome, so it says "unknown" (503), never "failed". A
      // lease it could not release runs out on its own.
      if (isUnreachable(error)) return OUTCOME_UNKNOWN;
      throw error;
    }
  },
  workers: [
    { name: 'reaper', run: reapExpired },
    { name: 'completer', run: completeAbandoned },
  ],
};

function* handleKeyed(
  request: PaymentRequest,
  key: string,
  ctx: StrategyContext<DbAtomicConfig>,
): Proc<HttpResponse> {
  const claim = yield* claimKey(key, fingerprintOf(request), ctx);
  if (claim.kind === 'answer') return claim.response;
  if (claim.kind === 'found-charge')
    return yield* recordResponse(key, claim.leaseUntil, created(claim.charge), ctx);
  return yield* chargeAndRecord(request, key, claim.leaseUntil, ctx);
}

function* chargeAndRecord(
  request: PaymentRequest,
  key: string,
  leaseUntil: number,
  ctx: StrategyContext<DbAtomicConfig>,
): Proc<HttpResponse> {
  const providerKey = providerKeyFor(key);
  let charge: Charge;
  try {
    charge = yield* ctx.psp.charge({ ...request.body, idempotencyKey: providerKey, reference: providerKey });
  } catch (error) {
    if (isUnreachable(error)) {
      yield* releaseLease(key, leaseUntil, ctx);
      return OUTCOME_UNKNOWN;
    }
    if (error instanceof ProviderError && error.status === 409) {
      yield* releaseLease(key, leaseUntil, ctx);
      return { status: 409, body: { error: 'the provider is still processing this payment' } };
    }
    throw error;
  }
  return yield* recordResponse(key, leaseUntil, created(charge), ctx);
}

const OUTCOME_UNKNOWN: HttpResponse = {
  status: 503,
  body: { error: 'payment outcome unknown; retry with the same Idempotency-Key' },
};

function isUnreachable(error: unknown): boolean {
  return error instanceof CallTimeoutError || error instanceof CallRefusedError;
}

function created(charge: Charge): HttpResponse {
  return { status: 201, body: charge };
}

function fingerprintOf(request: PaymentRequest): string {
  return `${request.body.amount} ${request.body.currency}`;
}
