/**
 * A service instance: a node that runs a strategy behind `POST /payments`.
 *
 * It builds the strategy's port out of RPCs from this node, and turns an uncaught exception into
 * a 500, as a web framework does. The strategy never learns where it runs.
 */
import { sleep, type Proc } from '../engine/effects.js';
import { call } from '../world/rpc.js';
import type { Node } from '../world/node.js';
import type { World } from '../world/world.js';
import type { HttpResponse, PaymentRequest } from './http.js';
import { CHARGE_METHOD, FIND_CHARGE_METHOD, type ChargeReply } from './payment-provider.js';
import { CallRefusedError, CallTimeoutError, ProviderError, type Charge, type ServicePort } from './port.js';
import type { RpcOutcome } from '../world/rpc.js';

/** The RPC method name a service node serves. */
export const PAYMENTS_METHOD = 'POST /payments';

export interface ServiceOptions {
  /** The provider node this instance charges through. */
  readonly providerNode: string;
  /** How long the instance waits for the provider's reply, ms. */
  readonly providerTimeoutMs: number;
}

/** A request handler with the strategy's shape; the service does not depend on strategies. */
export type PaymentHandler = (request: PaymentRequest, port: ServicePort) => Proc<HttpResponse>;

export function startServiceInstance(world: World, node: Node, handler: PaymentHandler, options: ServiceOptions): void {
  const port = makePort(world, node.name, options);
  node.serve(PAYMENTS_METHOD, (request) => handleSafely(world, node, handler(request as PaymentRequest, port)));
}

function* handleSafely(world: World, node: Node, handling: Proc<HttpResponse>): Proc<HttpResponse> {
  try {
    return yield* handling;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    world.sim.trace.record(world.sim.now, 'service.error', { node: node.name, error: name, message });
    return { status: 500, body: { error: name, message } };
  }
}

function makePort(world: World, nodeName: string, options: ServiceOptions): ServicePort {
  const provider = options.providerNode;
  const callProvider = <T>(method: string, request: unknown): Proc<RpcOutcome<T>> =>
    call<T>(world, nodeName, provider, method, request, { timeoutMs: options.providerTimeoutMs });
  return {
    psp: {
      *charge(request) {
        const reply = valueOrThrow(provider, yield* callProvider<ChargeReply>(CHARGE_METHOD, request));
        if (!reply.ok) throw new ProviderError(reply.status, reply.code);
        return reply.charge;
      },
      *findCharge(reference) {
        return valueOrThrow(provider, yield* callProvider<Charge | null>(FIND_CHARGE_METHOD, reference));
      },
    },
    sleep,
    now: () => world.sim.now,
  };
}

/** The port speaks exceptions, like a real HTTP client: info and fail become errors. */
export function valueOrThrow<T>(target: string, outcome: RpcOutcome<T>): T {
  if (outcome.type === 'ok') return outcome.value;
  if (outcome.type === 'info') throw new CallTimeoutError(target);
  throw new CallRefusedError(target);
}
