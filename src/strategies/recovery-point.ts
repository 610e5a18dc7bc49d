/**
 * `recovery-point`: Brandur Leach's "Implementing Stripe-like Idempotency Keys in Postgres", the
 * design most engineers who read about this in depth end up with. Every step is an atomic phase,
 * a SERIALIZABLE transaction that ends by committing the key's recovery point; the one foreign
 * call, the charge, sits between two phases with the provider key derived from the client's key.
 *
 * Phase 1 inserts the key or finds it and locks its row (SELECT ... FOR UPDATE): another request
 * under the same key -> 422 (the article's 409 would leave the client retrying it: stuck in
 * 11-key-reused-other-payload); finished -> the stored answer replayed; locked by a
 * live run (locked_at within `lockTimeoutMs`) -> 409; else it takes the lock (locked_at = now).
 * Then started -> payment_created (a local payment record) -> charge (between phases) ->
 * charge_created (the charge on the record and in the service's payments table) -> finished (the
 * answer stored, the lock released). A crash leaves the key at its last committed point with a
 * lock that goes stale; the next run (the client's retry, or the completer, a background process
 * on every instance) resumes there. A serialization failure (40001) runs the phase again, up to
 * `serializationRetriesMax` times, then 429. An error releases the lock at once; a database or
 * provider that does not answer is 503 (outcome unknown), not the article's 500, which this
 * world's client would take for "failed".
 *
 * Assumes: the provider honours idempotency keys for longer than any retry or completer run
 * (ok*), as db-atomic does; it has no reconciliation by reference. Survives the crash, pause,
 * reply-loss, partition and retry scenarios db-atomic survives (04-crash-after-charge,
 * 05-lease-outlived, 12-provider-reply-lost, 20-pause-after-charge, ...). Breaks under: a new
 * key per retry (13-new-key-per-retry); a late retry once its reaper and the provider both forgot
 * the key (06-key-forgotten); without provider keys, any run that resumes at payment_created after
 * a charge charges again (17-no-provider-keys, and 18-no-provider-keys-reconciled, whose
 * reconciliation is db-atomic's, not this design's).
 */
import type { Proc } from '../engine/effects.js';
import { runRequest } from './recovery-point-request.js';
import {
  RECOVERY_POINT_DEFAULTS,
  recoveryPointConfigProblems,
  SCHEMA_SQL,
  type RecoveryPointConfig,
} from './recovery-point-schema.js';
import { completeUnfinished, reapExpired } from './recovery-point-workers.js';
import type { Strategy, StrategyContext } from './strategy.js';

export type { RecoveryPointConfig } from './recovery-point-schema.js';

export const recoveryPoint: Strategy<RecoveryPointConfig> = {
  name: 'recovery-point',
  summary:
    'Atomic phases in SERIALIZABLE transactions advance a recovery point; retries and a completer resume it',
  assumes: 'The provider honours idempotency keys (ok*); there is no reconciliation by reference.',
  breaksUnder:
    'A new key per retry (13-new-key-per-retry); a late retry once its reaper and the provider both forgot the key (06-key-forgotten); without provider keys, a run that resumes after the charge charges again (17-no-provider-keys, 18-no-provider-keys-reconciled).',
  defaults: RECOVERY_POINT_DEFAULTS,
  validateConfig: recoveryPointConfigProblems,
  *setup(ctx: StrategyContext<RecoveryPointConfig>): Proc<void> {
    for (const sql of SCHEMA_SQL) yield* ctx.db.query(sql);
  },
  *handle(request, ctx) {
    if (request.key === null) return { status: 400, body: { error: 'missing Idempotency-Key' } };
    return yield* runRequest(request.key, request.body, ctx);
  },
  workers: [
    { name: 'completer', run: completeUnfinished },
    { name: 'reaper', run: reapExpired },
  ],
};
