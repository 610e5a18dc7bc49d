/**
 * A Kafka client's request with its internal retries: resend after a timeout or a refused
 * connection, `retryBackoffMs` apart, until it succeeds, `retries` resends are spent, or the
 * deadline (delivery.timeout.ms for a produce, default.api.timeout.ms for a commit) would pass.
 *
 * A resend is the same request: for a produce it carries the same producer id and sequence, which
 * is what lets an idempotent producer's resend be dropped by the broker, and what makes a
 * non-idempotent producer's resend after a lost ack a second record.
 */
import { sleep, type Proc } from '../../engine/effects.js';
import { call } from '../../world/rpc.js';
import type { World } from '../../world/world.js';

export type Retried<T> =
  | { readonly type: 'ok'; readonly value: T }
  /** indeterminate: some attempt timed out, so the request may have taken effect. */
  | { readonly type: 'gave-up'; readonly indeterminate: boolean };

export interface RetryOptions {
  /** How long one attempt waits for its reply, ms. */
  readonly requestTimeoutMs: number;
  /** Pause before each resend, ms. */
  readonly retryBackoffMs: number;
  /** Resends after the first attempt. */
  readonly retries: number;
  /** Virtual time after which no attempt is started or waited for, ms. */
  readonly deadlineMs: number;
  /** Called as each resend goes out, with its attempt number (2 for the first resend). */
  readonly onResend?: (attempt: number) => void;
}

export function* requestWithRetries<T>(
  world: World,
  from: string,
  to: string,
  method: string,
  request: unknown,
  options: RetryOptions,
): Proc<Retried<T>> {
  const { sim } = world;
  let indeterminate = false;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      yield* sleep(options.retryBackoffMs);
      options.onResend?.(attempt);
    }
    const timeoutMs = Math.max(0, Math.min(options.requestTimeoutMs, options.deadlineMs - sim.now));
    const outcome = yield* call<T>(world, from, to, method, request, { timeoutMs });
    if (outcome.type === 'ok') return outcome;
    if (outcome.type === 'info') indeterminate = true;
    if (attempt > options.retries || sim.now + options.retryBackoffMs >= options.deadlineMs) {
      return { type: 'gave-up', indeterminate };
    }
  }
}
