/**
 * Replays schedules the simulator produced on real redis-server processes (started and deleted
 * by the harness) and expects agreement on every compared step, with the counts printed.
 */
import { systemWallClock } from '../../src/cli/conform/system-wall-clock.js';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisHarness, type RedisHarness } from '../../src/cli/conform/redis-harness.js';
import { redisModelSwitches } from '../../src/components/redis/model-switches.js';
import type { RedisScheduleConformance } from '../../src/conformance/redis-replay-options.js';
import { replayRedisSchedule } from '../../src/conformance/redis-replay.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { describeIfAvailable } from '../support/describe-if-available.js';
import { bundledScenario, SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';
import { inPool, redisScheduleOf, redisServerMissing, TEST_PORTS } from './redis-schedules.js';

/** Short gaps slept in real time up to this; the rest jumped (keeps the suite to about a minute). */
const REAL_TIME_GAP_MS = 20;
const SEEDS = [1, 2, 3];
const BUNDLED = readdirSync(SCENARIOS_DIR)
  .filter((file) => /^\d\d-.*\.yaml$/.test(file))
  .map((file) => file.replace(/\.yaml$/, ''));

async function replay(
  harness: RedisHarness,
  scenario: Scenario,
  seed: number,
): Promise<RedisScheduleConformance> {
  const schedule = await redisScheduleOf(scenario, seed);
  return replayRedisSchedule(
    schedule,
    { scenario: scenario.name, strategy: 'redis-setnx', seed },
    harness,
    systemWallClock,
    {
      realTimeGapMsMax: REAL_TIME_GAP_MS,
    },
  );
}

function summary(results: readonly RedisScheduleConformance[]): Record<string, number> {
  const total: Record<string, number> = { schedules: results.length, compared: 0, agreed: 0 };
  for (const result of results) {
    total['compared'] = (total['compared'] ?? 0) + result.compared;
    total['agreed'] = (total['agreed'] ?? 0) + result.agreed;
    for (const [check, count] of Object.entries(result.checks)) total[check] = (total[check] ?? 0) + count;
    for (const [rule, count] of Object.entries(result.excluded))
      total[`excluded ${rule}`] = (total[`excluded ${rule}`] ?? 0) + count;
  }
  return total;
}

function expectAgreement(results: readonly RedisScheduleConformance[], label: string): void {
  const divergent = results.filter((result) => result.divergence !== undefined);
  expect(divergent.map((result) => ({ origin: result.origin, divergence: result.divergence }))).toEqual([]);
  const total = summary(results);
  process.stdout.write(`${label}: ${JSON.stringify(total)}\n`);
  expect(total['agreed']).toBe(total['compared']);
}

describeIfAvailable('redis conformance on a real redis-server', redisServerMissing(), () => {
  let harness: RedisHarness;
  beforeAll(() => {
    harness = startRedisHarness({ ports: TEST_PORTS });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('every bundled scenario under redis-setnx, seeds 1-3, agrees on every compared step', async () => {
    const cases = BUNDLED.flatMap((name) => SEEDS.map((seed) => ({ name, seed })));
    // All simulations first: a run holds the event loop for a while, and replays need it on time.
    const schedules = [];
    for (const { name, seed } of cases)
      schedules.push({ name, seed, schedule: await redisScheduleOf(bundledScenario(name), seed) });
    const results = await inPool(schedules, 8, ({ name, seed, schedule }) =>
      replayRedisSchedule(
        schedule,
        { scenario: name, strategy: 'redis-setnx', seed },
        harness,
        systemWallClock,
        {
          realTimeGapMsMax: REAL_TIME_GAP_MS,
        },
      ),
    );
    expectAgreement(results, 'bundled redis-setnx');
    expect(summary(results)['command']).toBeGreaterThan(3000);
  }, 240_000);

  it('restarts: a SIGKILL keeps what the model says, with no persistence, AOF everysec and RDB snapshots', async () => {
    const base = bundledScenario('08-redis-restart');
    const variants: Scenario[] = [
      base,
      { ...base, redis: { ...base.redis, persistence: 'aof-everysec' } },
      { ...base, redis: { ...base.redis, persistence: 'rdb', snapshotIntervalMs: 1000 } },
    ];
    const results = await inPool(variants, 3, (scenario) => replay(harness, scenario, 1));
    expectAgreement(results, '08-redis-restart none/aof/rdb');
    const [none, aof, rdb] = results.map((result) => result.checks.restart);
    // An empty restart is one comparison; AOF and RDB bring keys back, each compared.
    expect(none).toBe(2);
    expect(aof).toBeGreaterThan(20);
    expect(rdb).toBeGreaterThan(2);
  }, 120_000);

  it('failover: the promoted replica lacks what the model says, with the bundled and a shorter lag', async () => {
    const base = bundledScenario('07-redis-failover');
    const shorter = { ...base, redis: { ...base.redis, replicationLagMs: 300 } };
    const results = await inPool([base, shorter], 2, (scenario) => replay(harness, scenario, 1));
    expectAgreement(results, '07-redis-failover lag 1000/300 ms');
    expect(results[1]?.checks.failover).toBeGreaterThan(3);
  }, 120_000);

  it('eviction under volatile-lru: both sides evict only keys with a TTL', async () => {
    const results = await inPool([1, 2], 2, (seed) =>
      replay(harness, bundledScenario('09-redis-eviction'), seed),
    );
    expectAgreement(results, '09-redis-eviction');
    expect(results.every((result) => result.checks.eviction > 10)).toBe(true);
  }, 120_000);

  it('a model without the expiry rule diverges, and the divergence names expiry', async () => {
    redisModelSwitches.expiry = false;
    let result: RedisScheduleConformance;
    try {
      result = await replay(harness, bundledScenario('04-crash-after-charge'), 1);
    } finally {
      redisModelSwitches.expiry = true;
    }
    expect(result.divergence?.what).toMatch(/^expiry: /);
    expect(result.divergence?.model).toMatch(/no TTL/);
    expect(result.divergence?.real).toMatch(/deadline \d+ms/);
  }, 60_000);
});
