/**
 * The service's `payments` table and the statement that records a charge in it.
 *
 * Every strategy runs in the same service, and that service writes down each charge it made
 * before it answers, as any payments service does (the guide's option A code is "process the
 * payment, then store the record"). The write is a real INSERT through the simulated PostgreSQL,
 * so it can time out, be refused or wait, after the money has moved: the failure an API gateway
 * that retries on 5xx turns into a second charge.
 *
 * The table is the service's schema, migrated when it was deployed, before any strategy's setup;
 * a scenario may switch recording off (`service.recordPayments: false`) to show a bare service
 * that charges and answers without writing anything down.
 */
import type { Proc } from '../engine/effects.js';
import type { Charge, PaymentRecordsPort } from './port/port.js';
import type { Queryable } from './port/database-port.js';

/** The service's schema: one row per charge, keyed by the provider's charge id. */
export const PAYMENTS_TABLE_SQL =
  'CREATE TABLE payments (charge_id text PRIMARY KEY, amount integer NOT NULL, currency text NOT NULL, ' +
  'idempotency_key text, created_at timestamptz NOT NULL DEFAULT now())';

/**
 * Idempotent by charge id: a provider that honours idempotency keys hands the same charge back to
 * a retry, and recording it again must neither fail nor add a row.
 */
const RECORD_SQL =
  'INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ($1, $2, $3, $4) ' +
  'ON CONFLICT (charge_id) DO NOTHING';

/** Records on `pool` (each statement its own transaction) unless the caller passes its transaction. */
export function makePaymentRecords(pool: Queryable, enabled: boolean): PaymentRecordsPort {
  if (!enabled) return { record: skipRecording };
  // An arrow to a module-level generator, not a generator method made per port: a generator
  // closure keeps its world alive past the run (see client-workload.ts's Clients).
  return { record: (charge, idempotencyKey, db = pool) => record(db, charge, idempotencyKey) };
}

function* record(db: Queryable, charge: Charge, idempotencyKey: string | null): Proc<void> {
  yield* db.query(RECORD_SQL, [charge.chargeId, charge.amount, charge.currency, idempotencyKey]);
}

/** The bare service: nothing is written, and not writing takes no step. */
function* skipRecording(_charge: Charge, _idempotencyKey: string | null, _db?: Queryable): Proc<void> {}
