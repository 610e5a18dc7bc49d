/**
 * A reverse proxy: the load balancer in front of the service instances, and the API gateway in
 * front of that.
 *
 * It forwards `POST /payments` to its upstreams in round-robin order, with the same headers. A
 * refused connection is always passed to the next upstream (nothing happened there). Whether a
 * 5xx or a timeout is retried is a policy: load balancers such as nginx do not retry a POST that
 * may have reached the upstream; some gateways do, with the same Idempotency-Key, which is
 * mechanism 13 (a retry the client never asked for).
 */
import type { Proc } from '../engine/effects.js';
import type { Node } from '../world/node.js';
import { call, type RpcOutcome } from '../world/rpc.js';
import type { World } from '../world/world.js';
import type { HttpResponse } from './port/http.js';
import { PAYMENTS_METHOD } from './service-instance.js';

export type ProxyRetryCondition = '5xx' | 'timeout';

export interface ReverseProxyOptions {
  /** Upstream node names, tried in round-robin order. */
  readonly upstreams: readonly string[];
  /** How long the proxy waits for one upstream answer, ms. */
  readonly upstreamTimeoutMs: number;
  /** Forwarding attempts per request, first included; refused connections do not count (default 1). */
  readonly attemptsMax: number;
  /** Which answers are retried on another attempt (default none: nginx's behaviour for POST). */
  readonly retryOn: readonly ProxyRetryCondition[];
}

const BAD_GATEWAY: HttpResponse = { status: 502, body: { error: 'bad_gateway' } };
const GATEWAY_TIMEOUT: HttpResponse = { status: 504, body: { error: 'gateway_timeout' } };

export function startReverseProxy(world: World, node: Node, options: ReverseProxyOptions): void {
  if (options.upstreams.length === 0) throw new Error(`proxy ${node.name} needs at least one upstream`);
  const proxy = new ReverseProxy(world, node, options);
  node.serve(PAYMENTS_METHOD, (request) => proxy.forward(request));
}

/**
 * One proxy's forwarding. Generator methods, not generator functions made per proxy: a
 * generator closure keeps its world alive past the run (see client-workload.ts's Clients).
 */
class ReverseProxy {
  private next = 0;

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: ReverseProxyOptions,
  ) {}

  *forward(request: unknown): Proc<HttpResponse> {
    const { options, world } = this;
    let answer = BAD_GATEWAY;
    for (let attempt = 1; attempt <= options.attemptsMax; attempt++) {
      const outcome = yield* this.forwardOnce(request);
      answer =
        outcome.type === 'ok' ? outcome.value : outcome.type === 'info' ? GATEWAY_TIMEOUT : BAD_GATEWAY;
      const retry =
        (outcome.type === 'info' && options.retryOn.includes('timeout')) ||
        (outcome.type === 'ok' && outcome.value.status >= 500 && options.retryOn.includes('5xx'));
      if (!retry || attempt === options.attemptsMax) break;
      world.sim.trace.record(world.sim.now, 'proxy.retry', {
        node: this.node.name,
        attempt,
        status: answer.status,
      });
    }
    return answer;
  }

  private *forwardOnce(request: unknown): Proc<RpcOutcome<HttpResponse>> {
    const { options } = this;
    let outcome: RpcOutcome<HttpResponse> = { type: 'fail', reason: 'refused' };
    for (let tried = 0; tried < options.upstreams.length && outcome.type === 'fail'; tried++) {
      outcome = yield* call<HttpResponse>(
        this.world,
        this.node.name,
        this.pickUpstream(),
        PAYMENTS_METHOD,
        request,
        {
          timeoutMs: options.upstreamTimeoutMs,
        },
      );
    }
    return outcome;
  }

  private pickUpstream(): string {
    return this.options.upstreams[this.next++ % this.options.upstreams.length] as string;
  }
}
