/**
 * The names of the nodes a scenario's world has, so fault plans can be checked before a run.
 */
import type { Scenario } from './scenario.js';

/** Node names, fixed so that traces and fault plans can name them. */
export const NODES = {
  client: 'client',
  gateway: 'gateway',
  loadBalancer: 'lb',
  provider: 'psp',
  postgres: 'postgres',
  redis: 'redis',
  kafka: 'kafka',
} as const;

export function consumerNodes(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `consumer-${index + 1}`);
}

/** The name of service instance `index` (1-based). */
export function serviceNode(index: number): string {
  return `service-${index}`;
}

export function serviceNodes(instances: number): string[] {
  return Array.from({ length: instances }, (_, index) => serviceNode(index + 1));
}

export function nodeNamesOf(scenario: Pick<Scenario, 'service' | 'gateway' | 'kafka'>): string[] {
  return [
    NODES.client,
    ...(scenario.gateway === null ? [] : [NODES.gateway]),
    NODES.loadBalancer,
    ...serviceNodes(scenario.service.instances),
    NODES.provider,
    NODES.postgres,
    NODES.redis,
    NODES.kafka,
    ...consumerNodes(scenario.kafka.consumers),
  ];
}
