import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPoolSize } from '../../src/cli/series-pool.js';
import { serializeTrace } from '../../src/engine/trace.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { strategies } from '../../src/strategies/registry.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { runCli } from '../cli/run-cli.js';

/**
 * Every kind of fault that makes a run take another path, in one short run: a process crash, a
 * stop-the-world pause long enough for a Kafka rebalance, a partition from the stores, and a Redis
 * failover that loses acknowledged writes. Consumer-2's crash forces a second rebalance.
 */
const ALL_FAULTS_YAML = `
title: Every fault at once
story: A crash, a pause, a partition, a Redis failover and Kafka rebalances in one short run.
horizon: 1m
workload: { payments: 12, arrivalRate: 10/s }
client: { timeout: 1s, retry: { attempts: 6, backoff: 300ms, backoffMax: 2s, jitter: full } }
kafka: { sessionTimeout: 3s, maxPollInterval: 2s, heartbeatInterval: 500ms }
redis: { replicationLag: 500ms, timeout: 300ms }
postgres: { timeout: 500ms }
faults:
  - { at: 300ms, kind: crash, node: service-1, restartAfter: 500ms }
  - { at: 300ms, kind: crash, node: consumer-2, restartAfter: 1s }
  - { at: 1s, kind: pause, node: consumer-1, duration: 2.5s }
  - { at: 1.2s, kind: partition, between: [service-1], and: [postgres, redis], duration: 1s }
  - { at: 1.5s, kind: redis-failover, node: redis, downtime: 300ms }
`;

function allFaults(): Scenario {
  const loaded = loadScenario(ALL_FAULTS_YAML, 'all-faults');
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.scenario;
}

const scenario = allFaults();
const builtIns = [...strategies.values()];

/** The bytes a run produces (its whole trace and its summary), and the kinds of its trace entries. */
async function runBytes(strategy: Strategy, seed: number): Promise<{ bytes: string; kinds: Set<string> }> {
  const outcome = await runExperiment({ scenario, strategy, seed });
  const bytes = `${serializeTrace(outcome.trace)}\n${JSON.stringify(summarizeRun(outcome))}`;
  return { bytes, kinds: new Set(outcome.trace.map((entry) => entry.type)) };
}

const FAULT_KINDS = ['node.crash', 'node.pause', 'net.partition', 'redis.failover'];

describe('determinism, every built-in strategy under every kind of fault', () => {
  it.each(builtIns.map((strategy) => [strategy.name, strategy] as const))(
    '%s: the same seed gives byte-identical trace and summary',
    async (_name, strategy) => {
      const first = await runBytes(strategy, 11);
      // The faults really fired in this run, so the run took the paths they open.
      expect(FAULT_KINDS.filter((kind) => !first.kinds.has(kind))).toEqual([]);
      if (strategy.name === 'kafka-eos') expect(first.kinds.has('kafka.rebalance')).toBe(true);
      expect((await runBytes(strategy, 11)).bytes).toBe(first.bytes);
    },
  );

  it('different seeds give different runs', async () => {
    const none = strategies.get('none') as Strategy;
    const runs = await Promise.all([1, 2, 3].map(async (seed) => (await runBytes(none, seed)).bytes));
    expect(new Set(runs).size).toBe(3);
  });

  it('property: for any seed and any built-in strategy, two runs are byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.constantFrom(...builtIns),
        async (seed, strategy) => {
          expect((await runBytes(strategy, seed)).bytes).toBe((await runBytes(strategy, seed)).bytes);
        },
      ),
      { seed: 20261128, numRuns: 25 },
    );
  });
});

describe('determinism across threads', () => {
  it('the whole default compare prints the same bytes in this thread (--jobs 1) as on the default worker pool', async () => {
    // On a one-core machine the default is no pool at all; ask for two workers there instead.
    const pooled = defaultPoolSize() > 1 ? [] : ['--jobs', '2'];
    const onPool = await runCli('compare', '--json', ...pooled);
    const inThread = await runCli('compare', '--json', '--jobs', '1');
    expect({ code: inThread.code, stderr: inThread.stderr }).toEqual({
      code: onPool.code,
      stderr: onPool.stderr,
    });
    expect(inThread.stdout).toBe(onPool.stdout);
    // Every bundled scenario with every built-in strategy is in it.
    expect(inThread.stdout.length).toBeGreaterThan(10_000);
  }, 180_000);
});
