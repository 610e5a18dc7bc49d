/**
 * The key row of `db-atomic` and the statements on it: claim, take over, record, release.
 *
 * Lease times are virtual ms (with microseconds) in double precision columns. Every write after the claim is fenced by the
 * lease it holds (`WHERE lease_until = $ours`), so a paused owner that wakes after a takeover
 * cannot overwrite its successor's work.
 */
import type { HttpResponse } from '../components/port/http.js';
import type { Charge } from '../components/port/port.js';
import type { Proc } from '../engine/effects.js';
import type { StrategyContext } from './strategy.js';

export interface DbAtomicConfig {
  /**
   * How long a claim is exclusive before another attempt may take it over, ms (default 5000).
   * Short on purpose: with a provider that honours keys a takeover is safe (it re-sends the same
   * key), so the lease only bounds how long a crashed owner blocks the client's retries.
   */
  readonly leaseMs: number;
  /** How long a key row is kept before the reaper deletes it, ms (default 86 400 000: 24 h). */
  readonly keyRetentionMs: number;
  /** How often the reaper runs, ms (default 3 600 000). */
  readonly reaperIntervalMs: number;
  /** On takeover, look the charge up by reference before charging again (default false). */
  readonly reconcileOnTakeover: boolean;
  /** Run a completer that finishes claims whose lease expired (default false). */
  readonly completer: boolean;
  /** How often the completer looks for abandoned claims, ms (default 5000). */
  readonly completerIntervalMs: number;
}

type Ctx = StrategyContext<DbAtomicConfig>;

/** The provider key (and reference) derived from the claimed key: the same for every retry. */
export function providerKeyFor(key: string): string {
  return `payment:${key}`;
}

interface KeyRow {
  readonly fingerprint: string;
  readonly state: 'in_progress' | 'done';
  readonly lease_until: number | string;
  readonly status_code: number | null;
  readonly body: string | null;
}

export type Claim =
  | { readonly kind: 'claimed'; readonly leaseUntil: number }
  | { readonly kind: 'found-charge'; readonly leaseUntil: number; readonly charge: Charge }
  | { readonly kind: 'answer'; readonly response: HttpResponse };

const conflict = (error: string): Claim => ({ kind: 'answer', response: { status: 409, body: { error } } });

export function* claimKey(key: string, fingerprint: string, ctx: Ctx): Proc<Claim> {
  const now = ctx.now();
  const leaseUntil = now + ctx.config.leaseMs;
  const inserted = yield* ctx.db.query(
    "INSERT INTO idempotency_keys (key, fingerprint, state, lease_until, takeovers, created_at) VALUES ($1, $2, 'in_progress', $3, 0, $4) ON CONFLICT (key) DO NOTHING RETURNING key",
    [key, fingerprint, leaseUntil, now],
  );
  if (inserted.rowCount === 1) return { kind: 'claimed', leaseUntil };
  const found = yield* ctx.db.query<KeyRow>(
    'SELECT fingerprint, state, lease_until, status_code, body FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const row = found.rows[0];
  if (row === undefined) return conflict('the key was just released; retry');
  if (row.fingerprint !== fingerprint) {
    return {
      kind: 'answer',
      response: { status: 422, body: { error: 'Idempotency-Key reused with another request' } },
    };
  }
  if (row.state === 'done')
    return {
      kind: 'answer',
      response: { status: row.status_code ?? 500, body: JSON.parse(row.body ?? 'null') as unknown },
    };
  if (Number(row.lease_until) > now) return conflict('a request with this key is in progress; retry later');
  return yield* takeOver(key, Number(row.lease_until), ctx);
}

/** The lease expired: take it with a compare-and-set, then (optionally) look for the charge first. */
export function* takeOver(key: string, expiredLease: number, ctx: Ctx): Proc<Claim> {
  const leaseUntil = ctx.now() + ctx.config.leaseMs;
  const taken = yield* ctx.db.query(
    "UPDATE idempotency_keys SET lease_until = $1, takeovers = takeovers + 1 WHERE key = $2 AND state = 'in_progress' AND lease_until = $3 RETURNING key",
    [leaseUntil, key, expiredLease],
  );
  if (taken.rowCount === 0) return conflict('another request took this key over; retry later');
  if (!ctx.config.reconcileOnTakeover) return { kind: 'claimed', leaseUntil };
  const charge = yield* ctx.psp.findCharge(providerKeyFor(key));
  return charge === null ? { kind: 'claimed', leaseUntil } : { kind: 'found-charge', leaseUntil, charge };
}

/**
 * Records the payment, then stores the final answer fenced by our lease; answers it whether or not
 * the fence held. The payment row is its own statement and idempotent by charge id, so a retry
 * that takes over after a crash between the two (and gets the same charge back from the
 * provider's key) records it again harmlessly. Only a 201 carries a charge to record.
 */
export function* recordResponse(
  key: string,
  leaseUntil: number,
  response: HttpResponse,
  ctx: Ctx,
): Proc<HttpResponse> {
  if (response.status === 201) yield* ctx.payments.record(response.body as Charge, key);
  yield* ctx.db.query(
    "UPDATE idempotency_keys SET state = 'done', status_code = $1, body = $2 WHERE key = $3 AND lease_until = $4",
    [response.status, JSON.stringify(response.body), key, leaseUntil],
  );
  return response;
}

/** Gives the claim up at once (the outcome is unknown), so the client's retry can continue it. */
export function* releaseLease(key: string, leaseUntil: number, ctx: Ctx): Proc<void> {
  yield* ctx.db.query(
    "UPDATE idempotency_keys SET lease_until = $1 WHERE key = $2 AND state = 'in_progress' AND lease_until = $3",
    [ctx.now(), key, leaseUntil],
  );
}
