/**
 * The defaults every scenario starts from: a healthy system where nothing goes wrong.
 *
 * Each failure scenario changes only what its story needs, so a reader sees the cause in the
 * difference. Field meanings and units are documented on the option types.
 */
import type { Scenario } from './scenario.js';

export const defaultScenario: Scenario = {
  name: 'default',
  title: 'A healthy system',
  story: 'Nothing goes wrong: the provider answers well within every timeout.',
  seed: 1,
  seeds: 10,
  horizonMs: 60_000,
  workload: { payments: 20, arrivalRatePerSec: 10, amount: 1000, currency: 'EUR' },
  client: {
    timeoutMs: 1000,
    retry: { attemptsMax: 3, backoffBaseMs: 100, backoffMaxMs: 5000, jitter: 'full' },
    keyPolicy: 'stable',
    doubleSubmitProbability: 0,
    doubleSubmitGapMs: 50,
    payloadMutationProbability: 0,
  },
  network: { latency: { kind: 'lognormal', medianMs: 1, sigma: 0.5, capMs: 50 }, lossProbability: 0 },
  provider: {
    latency: { kind: 'lognormal', medianMs: 100, sigma: 0.3, capMs: 10_000 },
    idempotency: { enabled: true, retentionMs: 86_400_000 },
  },
  service: { instances: 1, providerTimeoutMs: 30_000, upstreamTimeoutMs: 60_000, recordPayments: true },
  gateway: null,
  postgres: { timeoutMs: 5000 },
  redis: { timeoutMs: 1000 },
  kafka: { partitions: 3, consumers: 2, consumer: { commitMode: 'after-processing' }, producer: {} },
  strategyConfig: {},
  faults: [],
  expect: {},
};
