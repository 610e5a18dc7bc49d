/**
 * The background workers of `db-atomic`, on every service instance:
 * - the reaper deletes key rows older than `keyRetentionMs` (after which a late retry is new);
 * - the completer finishes claims whose owner died: it takes the lease over, looks the charge up
 *   by reference, and records it; if there is none, it charges with the same provider key.
 * A worker logs nothing and never dies of one failed round: a real one would log and go on.
 */
import type { Proc } from '../engine/effects.js';
import { providerKeyFor, recordResponse, takeOver, type DbAtomicConfig } from './db-atomic-rows.js';
import type { StrategyContext } from './strategy.js';

type Ctx = StrategyContext<DbAtomicConfig>;

export function* reapExpired(ctx: Ctx): Proc<void> {
  for (;;) {
    yield* ctx.sleep(ctx.config.reaperIntervalMs);
    yield* ignoringFailures(
      ctx.db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [
        ctx.now() - ctx.config.keyRetentionMs,
      ]),
    );
  }
}

interface AbandonedRow {
  readonly key: string;
  readonly lease_until: number | string;
  readonly fingerprint: string;
}

export function* completeAbandoned(ctx: Ctx): Proc<void> {
  if (!ctx.config.completer) return;
  for (;;) {
    yield* ctx.sleep(ctx.config.completerIntervalMs);
    yield* ignoringFailures(completeRound(ctx));
  }
}

function* completeRound(ctx: Ctx): Proc<void> {
  const abandoned = yield* ctx.db.query<AbandonedRow>(
    "SELECT key, lease_until, fingerprint FROM idempotency_keys WHERE state = 'in_progress' AND lease_until < $1",
    [ctx.now()],
  );
  for (const row of abandoned.rows) {
    const claim = yield* takeOver(row.key, Number(row.lease_until), {
      ...ctx,
      config: { ...ctx.config, reconcileOnTakeover: true },
    });
    if (claim.kind === 'answer') continue;
    const charge =
      claim.kind === 'found-charge'
        ? claim.charge
        : yield* ctx.psp.charge({
            ...bodyOf(row.fingerprint),
            idempotencyKey: providerKeyFor(row.key),
            reference: providerKeyFor(row.key),
          });
    yield* recordResponse(row.key, claim.leaseUntil, { status: 201, body: charge }, ctx);
  }
}

/** The fingerprint is "amount currency": enough to charge the same thing again. */
function bodyOf(fingerprint: string): { amount: number; currency: string } {
  const [amount, currency] = fingerprint.split(' ');
  return { amount: Number(amount), currency: currency ?? 'EUR' };
}

function* ignoringFailures(work: Proc<unknown>): Proc<void> {
  try {
    yield* work;
  } catch {
    // A store or provider that is down fails this round; the next round tries again.
  }
}
