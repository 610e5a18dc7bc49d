/**
 * Scenarios built into the code, until scenario files take over.
 */
import type { Scenario } from './scenario.js';

/**
 * Mechanism 1 of MECHANISMS.md: the client gives up waiting before the provider has finished
 * charging, and retries with the same key while the first attempt is still charging.
 */
export const timeoutRetry: Scenario = {
  name: 'timeout-retry',
  title: 'Client timeout shorter than the provider tail',
  story:
    'The provider usually answers in about 300 ms, but its tail is long. Clients wait 1 s, then ' +
    'retry with the same Idempotency-Key. When a charge outlives the timeout, the retry arrives ' +
    'while the first attempt is still charging.',
  seed: 1,
  horizonMs: 120_000,
  workload: { payments: 20, arrivalRatePerSec: 5, amount: 1000, currency: 'EUR' },
  client: {
    timeoutMs: 1000,
    retry: { attemptsMax: 3, backoffBaseMs: 200, backoffMaxMs: 2000, jitter: 'full' },
  },
  network: { latency: { kind: 'lognormal', medianMs: 2, sigma: 0.5, capMs: 50 }, lossProbability: 0 },
  provider: {
    latency: { kind: 'lognormal', medianMs: 300, sigma: 1, capMs: 10_000 },
    idempotency: { enabled: true, retentionMs: 86_400_000 },
  },
  service: { providerTimeoutMs: 15_000 },
  faults: [],
};

export const builtinScenarios: ReadonlyMap<string, Scenario> = new Map([[timeoutRetry.name, timeoutRetry]]);
