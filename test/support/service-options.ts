/** Service options for tests that build a service instance's port without the whole world. */
import type { ServiceOptions } from '../../src/components/service-instance.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';

export const TEST_SERVICE_OPTIONS: ServiceOptions = {
  providerNode: 'psp',
  providerTimeoutMs: 100,
  database: { serverNode: 'postgres', timeoutMs: 100 },
  redis: { serverNode: 'redis', timeoutMs: 100 },
  kafka: { brokerNode: 'kafka', producer: defaultScenario.kafka.producer },
  recordPayments: true,
};
