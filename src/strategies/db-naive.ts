/**
 * `db-naive`: the check-then-insert sample code of the popular guide's option A, faithfully.
 *
 * In one READ COMMITTED transaction: SELECT the key; if found, return the stored response; else
 * charge, then record the payment in the service's payments table and INSERT key + response under
 * a unique constraint, both in that same transaction (the guide's "process the payment, then store
 * the record"). On an exception the transaction rolls back, payment row and key row together, and
 * the client gets a 500: a record write that times out after the charge leaves no key behind, so
 * a gateway retrying that 500 charges again.
 *
 * The guide says option A is safe; that holds only for a claim-first design. This code checks
 * before it claims, so two requests in flight at once both see nothing and both charge (the
 * loser's INSERT then blocks on the winner's row and fails with 23505, after charging, as
 * measured on PostgreSQL 15). The key row only exists once the charge is done, so a crash between
 * the charge and the COMMIT loses the row and the retry charges again; a provider timeout rolls
 * back and the retry charges again. Assumes: no request for a key arrives before the previous
 * one committed. Breaks under the scenarios 02-client-timeout-retry, 03-double-submit,
 * 04-crash-after-charge, 05-lease-outlived, 12-provider-reply-lost and 14-gateway-retries, and in
 * 10-store-partition when a charge completes as the partition strikes; otherwise it fails closed
 * (5xx) in a partition. A key reused with another payload gets the first answer replayed
 * (11-key-reused-other-payload).
 */
import type { Queryable } from '../components/port/database-port.js';
import type { HttpResponse, PaymentRequest } from '../components/port/http.js';
import type { Proc } from '../engine/effects.js';
import type { Strategy, StrategyContext } from './strategy.js';

interface StoredResponse {
  readonly status_code: number;
  readonly body: string;
}

export const dbNaive: Strategy<Record<string, never>> = {
  name: 'db-naive',
  summary: "The guide's option A sample: in one transaction SELECT the key, charge, INSERT key + response",
  assumes: 'A retry never arrives before the first attempt committed.',
  breaksUnder:
    'A duplicate in flight (02-client-timeout-retry, 03-double-submit, 05-lease-outlived, 14-gateway-retries); a crash, provider timeout or partition before COMMIT (04-crash-after-charge, 12-provider-reply-lost, 10-store-partition); a reused key gets a wrong replay (11-key-reused-other-payload).',
  defaults: {},
  *setup(ctx) {
    yield* ctx.db.query(
      'CREATE TABLE idempotency_keys (key text PRIMARY KEY, status_code integer NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
  },
  *handle(request, ctx) {
    const key = request.key;
    if (key === null) return { status: 400, body: { error: 'missing Idempotency-Key' } };
    // A module-level generator, not a generator function made per request: a generator closure
    // keeps its run's world alive past the run (see components/client-workload.ts's Clients).
    return yield* ctx.db.transaction((tx) => claimAndCharge(tx, key, request, ctx));
  },
};

/** The sample's transaction: replay the stored answer, or charge, record it and store the answer. */
function* claimAndCharge(
  tx: Queryable,
  key: string,
  request: PaymentRequest,
  ctx: StrategyContext<Record<string, never>>,
): Proc<HttpResponse> {
  const found = yield* tx.query<StoredResponse>(
    'SELECT status_code, body FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const stored = found.rows[0];
  if (stored !== undefined) return { status: stored.status_code, body: JSON.parse(stored.body) as unknown };
  const charge = yield* ctx.psp.charge({ amount: request.body.amount, currency: request.body.currency });
  yield* ctx.payments.record(charge, key, tx);
  yield* tx.query('INSERT INTO idempotency_keys (key, status_code, body) VALUES ($1, $2, $3)', [
    key,
    201,
    JSON.stringify(charge),
  ]);
  return { status: 201, body: charge };
}
