/**
 * Runs a scenario with store schedules recorded and hands back its Redis schedule, and replays
 * schedules on a harness a few at a time.
 */
import { spawnSync } from 'node:child_process';
import type { RedisSchedule } from '../../src/components/redis/schedule-types.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { strategies } from '../../src/strategies/registry.js';

/** Why the suites needing a real redis-server skip, or undefined when there is one. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'no redis-server on PATH: Redis conformance suites skipped';
}

/** The test suites' own loopback ports (never 6379). */
export const TEST_PORTS = { from: 56300, to: 56399 } as const;

export async function redisScheduleOf(
  scenario: Scenario,
  seed: number,
  strategy = 'redis-setnx',
): Promise<RedisSchedule> {
  const chosen = strategies.get(strategy);
  if (chosen === undefined) throw new Error(`no strategy ${strategy}`);
  const outcome = await runExperiment({
    scenario,
    strategy: chosen,
    seed,
    trace: false,
    recordStoreSchedules: true,
  });
  const schedule = outcome.storeSchedules?.redis?.[0];
  if (schedule === undefined) throw new Error('the run recorded no Redis schedule');
  return schedule;
}

/** Runs `work` on each item, at most `limit` at once, results in input order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
