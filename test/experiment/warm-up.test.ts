/**
 * The warm-up between the strategy's setup and the workload: a run measures consumers that have
 * been running for a while, not their cold start; a group that cannot form does not stop the run.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { kafkaEos } from '../../src/strategies/kafka-eos.js';
import { none } from '../../src/strategies/none.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

const happyPath = bundledScenario('01-happy-path');

/** The kafka settings' consumer options with some overridden. */
function withConsumer(scenario: Scenario, consumer: Partial<Scenario['kafka']['consumer']>): Scenario {
  return { ...scenario, kafka: { ...scenario.kafka, consumer: { ...scenario.kafka.consumer, ...consumer } } };
}

describe('the warm-up before the workload', () => {
  it('waits until the consumer group has formed with every member, then starts the workload', async () => {
    const outcome = await runExperiment({ scenario: happyPath, strategy: kafkaEos, seed: 1 });
    const rebalances = outcome.trace.filter((entry) => entry.type === 'kafka.rebalance');
    expect(
      rebalances.slice(0, 2).map((entry) => [entry.t, entry['generation'], entry['assignment']]),
    ).toEqual([
      [0.619, 1, 'consumer-1-1:[0,1,2]'],
      [3015.899, 2, 'consumer-1-1:[0,1] consumer-2-2:[2]'], // consumer-1 learns of consumer-2 at its next heartbeat
    ]);
    expect(outcome.startMs).toBe(3015.899);
    const firstAttempt = Math.min(...outcome.history.attempts.map((attempt) => attempt.startMs));
    expect(firstAttempt).toBeGreaterThanOrEqual(outcome.startMs);
    expect(outcome.trace.some((entry) => entry.type === 'warmup.unsettled')).toBe(false);
  });

  it('takes no step for a strategy without consumers', async () => {
    const outcome = await runExperiment({ scenario: happyPath, strategy: none, seed: 1 });
    expect(outcome.startMs).toBe(0);
    expect(outcome.trace.some((entry) => entry.type.startsWith('kafka.'))).toBe(false);
  });

  it('gives up after 30 s of virtual time when the group cannot form, says so, and runs anyway', async () => {
    // Heartbeats (3 s) slower than the rebalance timeout (max.poll.interval, 2 s): a member never
    // learns of a rebalance before the timeout removes it, so the group flaps for ever.
    const flapping = withConsumer(happyPath, { maxPollIntervalMs: 2000, heartbeatIntervalMs: 3000 });
    const outcome = await runExperiment({ scenario: flapping, strategy: kafkaEos, seed: 1 });
    expect(outcome.startMs).toBe(30_000);
    expect(outcome.trace.filter((entry) => entry.type === 'warmup.unsettled')).toEqual([
      { t: 30_000, type: 'warmup.unsettled', groups: 'kafka-eos-consumers', limitMs: 30_000 },
    ]);
    expect(outcome.history.intents).toHaveLength(happyPath.workload.payments);
  });
});
