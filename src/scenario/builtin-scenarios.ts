/**
 * Scenarios built into the code, until scenario files take over.
 */
import { defaultScenario } from './default-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * Mechanism 1 of MECHANISMS.md: the client gives up waiting before the provider has finished
 * charging, and retries with the same key while the first attempt is still charging.
 */
export const timeoutRetry: Scenario = {
  ...defaultScenario,
  name: 'timeout-retry',
  title: 'Client timeout shorter than the provider tail',
  story:
    'The provider usually answers in about 300 ms, but its tail is long. Clients wait 1 s, then ' +
    'retry with the same Idempotency-Key. When a charge outlives the timeout, the retry arrives ' +
    'while the first attempt is still charging.',
  horizonMs: 120_000,
  workload: { ...defaultScenario.workload, arrivalRatePerSec: 5 },
  client: {
    ...defaultScenario.client,
    retry: { attemptsMax: 3, backoffBaseMs: 200, backoffMaxMs: 2000, jitter: 'full' },
  },
  network: { latency: { kind: 'lognormal', medianMs: 2, sigma: 0.5, capMs: 50 }, lossProbability: 0 },
  provider: { ...defaultScenario.provider, latency: { kind: 'lognormal', medianMs: 300, sigma: 1, capMs: 10_000 } },
  service: { ...defaultScenario.service, providerTimeoutMs: 15_000 },
};

export const builtinScenarios: ReadonlyMap<string, Scenario> = new Map([[timeoutRetry.name, timeoutRetry]]);
