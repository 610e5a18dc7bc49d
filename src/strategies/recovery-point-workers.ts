/**
 * The background processes of `recovery-point`, on every service instance, as the article's:
 * - the completer finds keys that never finished, whose lock went stale (or was released after an
 *   error) and whose last run is `completerIdleMs` old, and drives each to completion by running
 *   its stored request again with the same key, exactly as a client's retry would (the article's
 *   completer calls its own API). Resuming at payment_created it charges with the same provider
 *   key, so a provider that keeps keys answers with the first charge; one that does not charges
 *   again (17-no-provider-keys).
 * - the reaper deletes key rows older than `keyRetentionMs` (after which a late retry is new).
 * Two instances' completers may pick the same key: the first phase's row lock lets one of them
 * take it, the other is refused (409) and moves on. A worker never dies of one failed round.
 */
import type { Proc } from '../engine/effects.js';
import { runRequest } from './recovery-point-request.js';
import { bodyOfParams, type RecoveryPointConfig } from './recovery-point-schema.js';
import type { StrategyContext } from './strategy.js';

type Ctx = StrategyContext<RecoveryPointConfig>;

interface UnfinishedRow {
  readonly key: string;
  readonly request_params: string;
}

export function* completeUnfinished(ctx: Ctx): Proc<void> {
  if (!ctx.config.completer) return;
  for (;;) {
    yield* ctx.sleep(ctx.config.completerIntervalMs);
    yield* ignoringFailures(completeRound(ctx));
  }
}

/** One round: every key that qualifies now, one after another. */
export function* completeRound(ctx: Ctx): Proc<void> {
  const now = ctx.now();
  const unfinished = yield* ctx.db.query<UnfinishedRow>(
    "SELECT key, request_params FROM idempotency_keys WHERE recovery_point <> 'finished' " +
      'AND last_run_at < $1 AND (locked_at IS NULL OR locked_at < $2) ORDER BY key',
    [now - ctx.config.completerIdleMs, now - ctx.config.lockTimeoutMs],
  );
  for (const row of unfinished.rows) {
    yield* ignoringFailures(runRequest(row.key, bodyOfParams(row.request_params), ctx));
  }
}

/**
 * Deletes old key rows; the local payment records stay (they are the business's), detached from
 * the key as the article's `ON DELETE SET NULL` detaches a ride, in the same transaction.
 */
export function* reapExpired(ctx: Ctx): Proc<void> {
  for (;;) {
    yield* ctx.sleep(ctx.config.reaperIntervalMs);
    const before = ctx.now() - ctx.config.keyRetentionMs;
    yield* ignoringFailures(
      ctx.db.transaction(function* (tx) {
        yield* tx.query(
          'UPDATE payment_intents SET idempotency_key = NULL WHERE idempotency_key IN ' +
            '(SELECT key FROM idempotency_keys WHERE created_at < $1)',
          [before],
        );
        yield* tx.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before]);
      }),
    );
  }
}

function* ignoringFailures(work: Proc<unknown>): Proc<void> {
  try {
    yield* work;
  } catch {
    // A store or provider that is down fails this round; the next round tries again.
  }
}
