/**
 * `none`: no idempotency at all ("fix it later", the guide's option D).
 *
 * Every request charges the card. It assumes nothing, and every mechanism that repeats a request
 * (a client retry after a timeout, a double submit, a gateway retry) charges again.
 */
import type { Strategy } from './strategy.js';

export const none: Strategy<Record<string, never>> = {
  name: 'none',
  summary: 'Charge on every request; ignore the Idempotency-Key',
  assumes: 'Nothing ever repeats a request.',
  breaksUnder:
    'Every retry or duplicate: 02-client-timeout-retry, 03-double-submit, 04-crash-after-charge, 05-lease-outlived, 06-key-forgotten, 11-key-reused-other-payload, 12-provider-reply-lost, 13-new-key-per-retry, 14-gateway-retries. A store partition (10-store-partition) cannot hurt it: it has no store.',
  defaults: {},
  *handle(request, ctx) {
    const charge = yield* ctx.psp.charge({ amount: request.body.amount, currency: request.body.currency });
    return { status: 201, body: charge };
  },
};
