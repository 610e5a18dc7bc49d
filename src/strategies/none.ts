/**
 * `none`: no idempotency at all ("fix it later", the guide's option D).
 *
 * Every request charges the card, then records the payment in the service's payments table (its
 * own statement) and answers 201. It assumes nothing, and every mechanism that repeats a request
 * (a client retry after a timeout, a double submit, a gateway retry) charges again, including a
 * gateway retrying the 500 a failed record write answers after the charge.
 */
import type { Strategy } from './strategy.js';

export const none: Strategy<Record<string, never>> = {
  name: 'none',
  summary: 'Charge on every request; ignore the Idempotency-Key',
  assumes: 'Nothing ever repeats a request.',
  breaksUnder:
    'Every retry or duplicate: 02-client-timeout-retry, 03-double-submit, 04-crash-after-charge, 05-lease-outlived, 06-key-forgotten, 11-key-reused-other-payload, 12-provider-reply-lost, 13-new-key-per-retry, 14-gateway-retries; and a failure after the charge: its payment record write times out in a store partition (10-store-partition) or stall (19-gateway-retries-on-5xx), it answers 500, and the retry charges again.',
  defaults: {},
  *handle(request, ctx) {
    const charge = yield* ctx.psp.charge({ amount: request.body.amount, currency: request.body.currency });
    yield* ctx.payments.record(charge, request.key);
    return { status: 201, body: charge };
  },
};
