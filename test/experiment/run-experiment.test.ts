import { describe, expect, it } from 'vitest';
import { checkDoubleCharges } from '../../src/checks/double-charge.js';
import type { TraceEntry } from '../../src/engine/trace.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

const timeoutRetry = bundledScenario('02-client-timeout-retry');
import type { Scenario } from '../../src/scenario/scenario.js';
import { none } from '../../src/strategies/none.js';

/** Every provider charge takes `providerMs`; the network is 1 ms each way; no jitter. */
function fixedScenario(providerMs: number): Scenario {
  return {
    ...timeoutRetry,
    workload: { payments: 3, arrivalRatePerSec: 1, amount: 1000, currency: 'EUR' },
    client: {
      ...timeoutRetry.client,
      retry: { attemptsMax: 3, backoffBaseMs: 100, backoffMaxMs: 1000, jitter: 'none' },
    },
    network: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 },
    provider: { ...timeoutRetry.provider, latency: { kind: 'constant', ms: providerMs } },
  };
}

describe('walking skeleton: mechanism 1 (client timeout shorter than the provider) with strategy none', () => {
  it('every attempt of a payment charges when the provider outlives the client timeout', async () => {
    const outcome = await runExperiment({ scenario: fixedScenario(1500), strategy: none, seed: 1 });
    const verdict = checkDoubleCharges(outcome.ledger);
    expect(verdict.doubleCharged.map((charge) => [charge.intentId, charge.chargeIds.length])).toEqual([
      ['pay-1', 3],
      ['pay-2', 3],
      ['pay-3', 3],
    ]);
    expect(verdict.overchargedAmount).toBe(3 * 2 * 1000);
    expect(outcome.history.intents.map((intent) => intent.result)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('one payment, step by step: timeout, retry while the first charge is still running, two charges', async () => {
    const scenario = { ...fixedScenario(1500), workload: { ...fixedScenario(1500).workload, payments: 1 } };
    const outcome = await runExperiment({
      scenario: {
        ...scenario,
        client: { ...scenario.client, retry: { ...scenario.client.retry, attemptsMax: 2 } },
      },
      strategy: none,
      seed: 1,
    });
    const trace: readonly TraceEntry[] = outcome.trace;
    const story = trace
      .filter((entry) => ['rpc.call', 'rpc.timeout', 'psp.charge'].includes(entry.type))
      .map((entry) => `${entry.t} ${entry.type} ${String(entry['from'] ?? entry['charge'])}`);
    expect(story).toEqual([
      '0 rpc.call client', // attempt 1
      '1 rpc.call lb', // the load balancer forwards it
      '2 rpc.call service-1', // the service asks the provider
      '1000 rpc.timeout client', // the client gives up; the charge is still in flight
      '1100 rpc.call client', // attempt 2, same key, after 100 ms backoff
      '1101 rpc.call lb',
      '1102 rpc.call service-1',
      '1503 psp.charge ch_1', // attempt 1's charge lands anyway
      '1504 rpc.call service-1', // and the service records the payment
      '2100 rpc.timeout client',
      '2603 psp.charge ch_2', // attempt 2 charges again: a double charge
      '2604 rpc.call service-1',
    ]);
  });

  it('no double charge when the provider answers well within the timeout', async () => {
    const outcome = await runExperiment({ scenario: fixedScenario(100), strategy: none, seed: 1 });
    expect(checkDoubleCharges(outcome.ledger).doubleCharged).toEqual([]);
    expect(outcome.ledger).toHaveLength(3);
    expect(outcome.history.intents.every((intent) => intent.result === 'succeeded')).toBe(true);
  });

  it('the bundled skeleton scenario double-charges, and the checker agrees with the trace', async () => {
    const outcome = await runExperiment({ scenario: timeoutRetry, strategy: none, seed: 1 });
    const chargesPerIntentInTrace = new Map<string, number>();
    for (const entry of outcome.trace) {
      if (entry.type !== 'psp.charge') continue;
      const intent = String(entry['intent']);
      chargesPerIntentInTrace.set(intent, (chargesPerIntentInTrace.get(intent) ?? 0) + 1);
    }
    const fromTrace = [...chargesPerIntentInTrace]
      .filter(([, count]) => count > 1)
      .map(([intent]) => intent)
      .sort();
    const verdict = checkDoubleCharges(outcome.ledger);
    expect(verdict.doubleCharged.length).toBeGreaterThan(0);
    expect(verdict.doubleCharged.map((charge) => charge.intentId).sort()).toEqual(fromTrace);
    // Every double-charged intent has a client timeout in its trace: the mechanism, not chance.
    for (const intent of fromTrace) {
      expect(outcome.trace.some((entry) => entry.type === 'rpc.timeout' && entry['intent'] === intent)).toBe(
        true,
      );
    }
  });

  it('tells onPhase each phase of the run, in order, once each', async () => {
    const seen: string[] = [];
    const outcome = await runExperiment({
      scenario: fixedScenario(100),
      strategy: none,
      seed: 1,
      onPhase: (phase) => seen.push(phase),
    });
    expect(seen).toEqual(['built', 'set-up', 'warm', 'ran', 'released']);
    expect(outcome.ledger).toHaveLength(3);
  });
});
