/**
 * A service instance: a node that runs the code under test behind `POST /payments`.
 *
 * It builds the port out of RPCs from this node (to the provider, Redis, ...), including the
 * service's own record of its payments (payment-records.ts), turns an uncaught
 * exception into a 500 as a web framework does, and runs the app's background workers as node
 * daemons, so they die with the node and start again when it restarts. The code under test
 * never learns where it runs.
 */
import { sleep, type Proc } from '../engine/effects.js';
import { withFields } from '../engine/with-fields.js';
import { currentContext } from '../world/causal-context.js';
import type { Node } from '../world/node.js';
import { call, type RpcOutcome } from '../world/rpc.js';
import type { World } from '../world/world.js';
import type { HttpResponse, PaymentRequest, ServedResponse } from './port/http.js';
import { CHARGE_METHOD, FIND_CHARGE_METHOD, type ChargeReply } from './payment-provider.js';
import { makePaymentRecords } from './payment-records.js';
import { ProviderError, type Charge, type ChargeRequest, type ServicePort } from './port/port.js';
import { valueOrThrow } from './rpc-outcome.js';
import { makeKafkaPort, type KafkaPortOptions } from './kafka/make-kafka-port.js';
import { makeDatabasePort } from './postgres/make-database-port.js';
import { makeRedisPort, type RedisClientOptions } from './redis/redis-client.js';

/** The RPC method name a service node serves. */
export const PAYMENTS_METHOD = 'POST /payments';

export interface ServiceOptions {
  /** The provider node this instance charges through. */
  readonly providerNode: string;
  /** How long the instance waits for the provider's reply, ms. */
  readonly providerTimeoutMs: number;
  /** Where PostgreSQL is and how long a statement may take. */
  readonly database: { readonly serverNode: string; readonly timeoutMs: number };
  /** Where Redis is and how long a command may take. */
  readonly redis: RedisClientOptions;
  /** The Kafka broker node and this instance's producer settings. */
  readonly kafka: { readonly brokerNode: string; readonly producer: KafkaPortOptions };
  /** Whether `payments.record` writes the charge to the payments table (scenario default true). */
  readonly recordPayments: boolean;
}

/** The code a service instance runs, with the strategy's shape; the service does not depend on strategies. */
export interface ServiceApp {
  handle(request: PaymentRequest, port: ServicePort): Proc<HttpResponse>;
  readonly workers: ReadonlyArray<{ readonly name: string; run(port: ServicePort): Proc<void> }>;
}

export function startServiceInstance(
  world: World,
  node: Node,
  app: ServiceApp,
  options: ServiceOptions,
): ServicePort {
  const port = makeServicePort(world, node.name, options);
  node.serve(PAYMENTS_METHOD, (request) =>
    answered(world, node, app.handle(request as PaymentRequest, port)),
  );
  for (const worker of app.workers) node.daemon(worker.name, () => worker.run(port));
  return port;
}

/**
 * Runs the app's handling of one request as a web framework would: an uncaught exception is a
 * 500, and the answer carries the moment it leaves this instance, which the client records
 * (history.ts). One generator for both, not one wrapped in the other: every resume of the
 * handler passes through each level of `yield*`, and a request resumes once per statement.
 */
function* answered(world: World, node: Node, handling: Proc<HttpResponse>): Proc<ServedResponse> {
  // This process runs in the request's causal context: a second one for the intent is a repeat.
  const intentId = currentContext(world.sim)?.intentId;
  if (intentId !== undefined) world.exposure.arrive('http', intentId);
  let response: HttpResponse;
  try {
    response = yield* handling;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    world.sim.trace.record(world.sim.now, 'service.error', { node: node.name, error: name, message });
    response = { status: 500, body: { error: name, message } };
  }
  return withFields(response, { answeredAtMs: world.sim.now });
}

/** The port for code running on `nodeName`: every call is an RPC from that node. */
export function makeServicePort(world: World, nodeName: string, options: ServiceOptions): ServicePort {
  const provider: ProviderLink = {
    world,
    nodeName,
    providerNode: options.providerNode,
    timeoutMs: options.providerTimeoutMs,
  };
  const db = makeDatabasePort(world, { callerNode: nodeName, ...options.database });
  return {
    // Arrows to module-level generators, not generator methods made per port: a generator
    // closure keeps its world alive past the run (see client-workload.ts's Clients).
    psp: {
      charge: (request) => charge(provider, request),
      findCharge: (reference) => findCharge(provider, reference),
    },
    payments: makePaymentRecords(db, options.recordPayments),
    db,
    redis: makeRedisPort(world, nodeName, options.redis),
    kafka: makeKafkaPort(world, nodeName, options.kafka.brokerNode, options.kafka.producer),
    sleep,
    now: () => world.sim.now,
  };
}

/** Where one node's calls to the payment provider go, and how long they wait. */
interface ProviderLink {
  readonly world: World;
  readonly nodeName: string;
  readonly providerNode: string;
  readonly timeoutMs: number;
}

function callProvider<T>(link: ProviderLink, method: string, request: unknown): Proc<RpcOutcome<T>> {
  return call<T>(link.world, link.nodeName, link.providerNode, method, request, {
    timeoutMs: link.timeoutMs,
  });
}

function* charge(link: ProviderLink, request: ChargeRequest): Proc<Charge> {
  const reply = valueOrThrow(
    link.providerNode,
    yield* callProvider<ChargeReply>(link, CHARGE_METHOD, request),
  );
  if (!reply.ok) throw new ProviderError(reply.status, reply.code);
  return reply.charge;
}

function* findCharge(link: ProviderLink, reference: string): Proc<Charge | null> {
  return valueOrThrow(
    link.providerNode,
    yield* callProvider<Charge | null>(link, FIND_CHARGE_METHOD, reference),
  );
}
