/**
 * Builds the world a scenario describes around one strategy: the provider and the stores, the
 * service tier (instances behind a load balancer, an optional gateway), the Kafka consumers if
 * the strategy has a consumer, and the nemesis that knows every component's faults.
 *
 * Every store is built whatever the strategy (fault plans and traces name them all), but PostgreSQL
 * takes its pg-mem database only when a statement first needs one, from a pool that `release`
 * refills at the end of the run (mem-database.ts). The service's payments table is there before
 * the strategy's setup runs, unless the scenario switched recording off.
 */
import { startConsumerGroup, type KafkaConsumerGroup } from '../components/kafka/consumer-group.js';
import { KafkaBroker } from '../components/kafka/kafka-broker.js';
import { registerKafkaFaults } from '../components/kafka/kafka-faults.js';
import { PaymentProvider } from '../components/payment-provider.js';
import { PAYMENTS_TABLE_SQL } from '../components/payment-records.js';
import { PostgresServer } from '../components/postgres/postgres-server.js';
import { PAYMENTS_TOPIC, type ServicePort } from '../components/port/port.js';
import { registerRedisFaults } from '../components/redis/redis-faults.js';
import { RedisServer } from '../components/redis/redis-server.js';
import { startReverseProxy } from '../components/reverse-proxy.js';
import {
  makeServicePort,
  startServiceInstance,
  type ServiceApp,
  type ServiceOptions,
} from '../components/service-instance.js';
import type { Simulation } from '../engine/simulation.js';
import type { Scenario } from '../scenario/scenario.js';
import { consumerNodes, NODES, serviceNodes } from '../scenario/topology.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { Nemesis } from '../world/nemesis.js';
import { World } from '../world/world.js';
import type { StoreSchedules } from './store-schedules.js';
import { strategyContext } from './strategy-context.js';

export interface BuiltWorld {
  readonly world: World;
  readonly nemesis: Nemesis;
  readonly provider: PaymentProvider;
  /** Where clients send their requests: the gateway, or the load balancer. */
  readonly entryNode: string;
  /** The first service instance's port, for the strategy's setup. */
  readonly setupPort: ServicePort;
  /**
   * Whether every consumer group has formed (stable, all its members in it). Always true for a
   * strategy without consumers. The warm-up before traffic waits for it (run-experiment.ts).
   */
  readonly warm: () => boolean;
  /** The consumer groups that have not formed yet, by group id (for the warm-up's trace). */
  readonly coldGroups: () => string[];
  /** Call when the run is over: hands reusable parts (the pg-mem database, the Redis mock) back for later runs. */
  readonly release: () => void;
  /** What the stores executed, when asked for (`recordStoreSchedules`); call before `release`. */
  readonly storeSchedules: () => StoreSchedules | undefined;
}

export interface BuildWorldOptions {
  /** Record each store server's schedule for conformance replay (default false: nothing recorded). */
  readonly recordStoreSchedules?: boolean;
}

export function buildWorld<Config>(
  sim: Simulation,
  scenario: Scenario,
  strategy: Strategy<Config>,
  config: Config,
  options: BuildWorldOptions = {},
): BuiltWorld {
  const world = new World(sim, { defaultLink: scenario.network });
  const nemesis = new Nemesis(world);
  const provider = new PaymentProvider(
    world,
    world.addNode(NODES.provider),
    scenario.provider,
    sim.rng.fork('psp'),
  );
  const postgres = new PostgresServer(world, world.addNode(NODES.postgres), scenario.postgres);
  const recording = options.recordStoreSchedules === true;
  if (recording) postgres.recordSchedule();
  // The service's own schema was migrated when it was deployed, long before any traffic.
  if (scenario.service.recordPayments) postgres.setup(PAYMENTS_TABLE_SQL);
  const redis = new RedisServer(world, world.addNode(NODES.redis), scenario.redis, recording);
  registerRedisFaults(nemesis, [redis]);
  const broker = new KafkaBroker(world, world.addNode(NODES.kafka), {
    topics: { [PAYMENTS_TOPIC]: scenario.kafka.partitions },
    initialRebalanceDelayMs: 0,
  });
  const service = serviceOptions(scenario);
  const withConfig = (port: ServicePort): StrategyContext<Config> => strategyContext(port, config);
  const app: ServiceApp = {
    handle: (request, port) => strategy.handle(request, withConfig(port)),
    workers: (strategy.workers ?? []).map((worker) => ({
      name: worker.name,
      run: (port: ServicePort) => worker.run(withConfig(port)),
    })),
  };
  const instances = serviceNodes(scenario.service.instances);
  const ports = instances.map((name) => startServiceInstance(world, world.addNode(name), app, service));
  const groups = startConsumers(world, scenario, strategy, (port) => withConfig(port), service);
  registerKafkaFaults(nemesis, world, groups);
  const entryNode = startProxies(world, scenario, instances);
  const coldGroups = (): string[] =>
    groups
      .filter((group) => !broker.groupSettled(group.groupId, group.nodeNames.length))
      .map((group) => group.groupId);
  return {
    world,
    nemesis,
    provider,
    entryNode,
    setupPort: ports[0] as ServicePort,
    warm: () => coldGroups().length === 0,
    coldGroups,
    release: () => {
      postgres.release();
      redis.release();
    },
    storeSchedules: () => {
      const schedule = recording ? postgres.schedule() : undefined;
      const redisSchedule = recording ? redis.schedule() : undefined;
      if (schedule === undefined || redisSchedule === undefined) return undefined;
      return { postgres: [schedule], redis: [redisSchedule] };
    },
  };
}

function serviceOptions(scenario: Scenario): ServiceOptions {
  return {
    providerNode: NODES.provider,
    providerTimeoutMs: scenario.service.providerTimeoutMs,
    database: { serverNode: NODES.postgres, timeoutMs: scenario.postgres.timeoutMs },
    redis: { serverNode: NODES.redis, timeoutMs: scenario.redis.timeoutMs },
    kafka: { brokerNode: NODES.kafka, producer: scenario.kafka.producer },
    recordPayments: scenario.service.recordPayments,
  };
}

/** Consumer nodes always exist (fault plans may name them); the group runs only for a strategy that consumes. */
function startConsumers<Config>(
  world: World,
  scenario: Scenario,
  strategy: Strategy<Config>,
  withConfig: (port: ServicePort) => StrategyContext<Config>,
  options: ServiceOptions,
): KafkaConsumerGroup[] {
  const nodes = consumerNodes(scenario.kafka.consumers).map((name) => world.addNode(name));
  const consume = strategy.consume?.bind(strategy);
  if (consume === undefined) return [];
  const group = startConsumerGroup(
    world,
    NODES.kafka,
    nodes,
    (node) => {
      const ctx = withConfig(makeServicePort(world, node.name, options));
      return (record) => consume(record, ctx);
    },
    { ...scenario.kafka.consumer, groupId: `${strategy.name}-consumers`, topic: PAYMENTS_TOPIC },
  );
  return [group];
}

/** The load balancer in front of the instances, and the gateway in front of it if any. */
function startProxies(world: World, scenario: Scenario, instances: readonly string[]): string {
  startReverseProxy(world, world.addNode(NODES.loadBalancer), {
    upstreams: instances,
    upstreamTimeoutMs: scenario.service.upstreamTimeoutMs,
    attemptsMax: 1,
    retryOn: [],
  });
  if (scenario.gateway === null) return NODES.loadBalancer;
  startReverseProxy(world, world.addNode(NODES.gateway), {
    ...scenario.gateway,
    upstreams: [NODES.loadBalancer],
  });
  return NODES.gateway;
}
