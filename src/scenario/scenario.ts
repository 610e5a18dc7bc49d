/**
 * A scenario: the world, the workload and the faults one experiment runs, as plain data.
 *
 * Scenario files (YAML) are parsed into this shape over `defaultScenario`; code can build it too.
 */
import type { ClientOptions, WorkloadOptions } from '../components/client-workload.js';
import type { PaymentProviderOptions } from '../components/payment-provider.js';
import type { ConsumerGroupOptions } from '../components/kafka/consumer-options.js';
import type { KafkaPortOptions } from '../components/kafka/make-kafka-port.js';
import type { PostgresServerOptions } from '../components/postgres/postgres-server.js';
import type { RedisServerOptions } from '../components/redis/redis-server.js';
import type { ReverseProxyOptions } from '../components/reverse-proxy.js';
import type { LinkOptions } from '../world/network.js';
import type { FaultPlan } from '../world/nemesis.js';
import type { Expectation } from '../checks/expectation.js';

export interface ServiceTierOptions {
  /** Service instances behind the load balancer (default 1). */
  readonly instances: number;
  /** How long an instance waits for the provider's reply, ms (default 30 000). */
  readonly providerTimeoutMs: number;
  /** The load balancer's wait for one instance, ms (default 60 000: longer than the client's). */
  readonly upstreamTimeoutMs: number;
  /**
   * Whether the service writes each charge to its payments table before answering (default
   * true, as every real payments service does); false shows a bare service that records nothing.
   */
  readonly recordPayments: boolean;
}

export interface PostgresSettings extends PostgresServerOptions {
  /** How long a service instance waits for one statement's reply, ms (default 5000). */
  readonly timeoutMs: number;
}

export interface RedisSettings extends RedisServerOptions {
  /** How long a service instance waits for one command's reply, ms (default 1000). */
  readonly timeoutMs: number;
}

export interface KafkaSettings {
  /** Partitions of the payments topic (default 3). */
  readonly partitions: number;
  /** Consumer nodes in the group, `consumer-1`... (default 2). */
  readonly consumers: number;
  /** The consumer group's settings (Kafka's defaults, commit after processing). */
  readonly consumer: Omit<ConsumerGroupOptions, 'groupId' | 'topic'>;
  /** The service instances' producer settings (Kafka's defaults: idempotence on). */
  readonly producer: KafkaPortOptions;
}

/** An API gateway in front of the load balancer, which may retry on its own. */
export type GatewayOptions = Omit<ReverseProxyOptions, 'upstreams'>;

export interface Scenario {
  /** Short id, kebab-case ("01-timeout-retry"). */
  readonly name: string;
  /** One line for tables. */
  readonly title: string;
  /** The plain-language story of what happens and why it matters. */
  readonly story: string;
  /** The first seed; runs over several seeds use seed, seed + 1, ... */
  readonly seed: number;
  /** How many seeds a comparison runs (default 10). */
  readonly seeds: number;
  /** The run stops at this virtual time, ms, whatever is still going on. */
  readonly horizonMs: number;
  readonly workload: WorkloadOptions;
  readonly client: ClientOptions;
  /** Every link's latency and loss, unless a fault changes it. */
  readonly network: LinkOptions;
  readonly provider: PaymentProviderOptions;
  readonly service: ServiceTierOptions;
  /** null: clients talk to the load balancer directly. */
  readonly gateway: GatewayOptions | null;
  readonly postgres: PostgresSettings;
  readonly redis: RedisSettings;
  readonly kafka: KafkaSettings;
  /**
   * Overrides of each strategy's defaults, by strategy name, as a file writes them (`lockTtl: '5s'`)
   * or in the strategy's own names and units (`lockTtlMs: 5000`). Kept unread until a run meets
   * the strategy: see strategy-settings.ts.
   */
  readonly strategyConfig: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly faults: FaultPlan;
  /**
   * The outcome each strategy must show, by strategy name (built in or a user's; the harms are
   * those of checks/harm-catalogue.ts); strategies not named, or not in the run, are not checked.
   */
  readonly expect: Readonly<Record<string, Expectation>>;
}
