/**
 * The clients: payment intents arriving at a rate, each sending `POST /payments` until it gets
 * an answer it believes, or runs out of attempts.
 *
 * Every intent runs as its own process on the client node, with its intent id as causal context.
 * It keeps one idempotency key for all its attempts (the key policy that makes retries safe when
 * the server honours it). A timeout, a refused connection, 409, 429 and 5xx are retried after an
 * exponential backoff; a 2xx or another 4xx ends the intent.
 */
import { sleep, type Proc } from '../engine/effects.js';
import type { Rng } from '../engine/rng.js';
import { roundToMicros } from '../engine/time.js';
import type { Node } from '../world/node.js';
import { call } from '../world/rpc.js';
import type { World } from '../world/world.js';
import type { History } from './history.js';
import { isRetryable, isSuccess, type HttpResponse, type PaymentRequest } from './http.js';
import { backoffMs, type RetryPolicy } from './retry-policy.js';
import { PAYMENTS_METHOD } from './service-instance.js';

export interface WorkloadOptions {
  /** Payment intents in the run (default 20). */
  readonly payments: number;
  /** Mean arrivals per second; arrivals are a Poisson process (default 10). */
  readonly arrivalRatePerSec: number;
  /** Amount of each payment, minor units (default 1000, i.e. 10.00). */
  readonly amount: number;
  /** ISO currency code (default "EUR"). */
  readonly currency: string;
}

export interface ClientOptions {
  /** How long a client waits for one answer, ms (default 1000). */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
}

interface Intent {
  readonly id: string;
  readonly key: string;
}

export function startWorkload(
  world: World,
  clientNode: Node,
  serviceNode: string,
  history: History,
  workload: WorkloadOptions,
  client: ClientOptions,
  rng: Rng,
): void {
  const arrivals = rng.fork('arrivals');
  const jitter = rng.fork('jitter');
  const width = String(workload.payments).length;
  function* arrive(): Proc {
    for (let index = 1; index <= workload.payments; index++) {
      const id = `pay-${String(index).padStart(width, '0')}`;
      const intent: Intent = { id, key: `idem-${id}` };
      clientNode.spawn(pay(intent), id, { intentId: id });
      if (index < workload.payments) yield* sleep(interArrivalMs(workload.arrivalRatePerSec, arrivals));
    }
  }
  function* pay(intent: Intent): Proc {
    const { sim } = world;
    history.startIntent(intent.id, workload.amount, sim.now);
    const request: PaymentRequest = { key: intent.key, body: { amount: workload.amount, currency: workload.currency } };
    for (let attempt = 1; ; attempt++) {
      const startMs = sim.now;
      const outcome = yield* call<HttpResponse>(world, clientNode.name, serviceNode, PAYMENTS_METHOD, request, {
        timeoutMs: client.timeoutMs,
      });
      const status = outcome.type === 'ok' ? outcome.value.status : null;
      const verdict = status === null ? (outcome.type === 'info' ? 'info' : 'fail') : isSuccess(status) ? 'ok' : 'fail';
      history.recordAttempt({ intentId: intent.id, attempt, key: intent.key, startMs, endMs: sim.now, outcome: verdict, status });
      if (verdict === 'ok') return history.finishIntent(intent.id, 'succeeded', sim.now, status);
      const retryable = status === null || isRetryable(status);
      if (!retryable || attempt >= client.retry.attemptsMax) {
        return history.finishIntent(intent.id, verdict === 'info' ? 'unknown' : 'failed', sim.now, status);
      }
      yield* sleep(backoffMs(client.retry, attempt, jitter));
    }
  }
  clientNode.spawn(arrive(), `${clientNode.name}/arrivals`, undefined);
}

function interArrivalMs(ratePerSec: number, rng: Rng): number {
  return roundToMicros((-Math.log(1 - rng.float()) * 1000) / ratePerSec);
}
