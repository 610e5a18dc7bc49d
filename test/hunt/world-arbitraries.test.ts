import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHuntCase } from '../../src/hunt/apply-hunt-case.js';
import type { HuntCase } from '../../src/hunt/hunt-case.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { huntSpaceFor, type HuntSpace } from '../../src/hunt/hunt-space.js';
import { huntCaseArbitrary } from '../../src/hunt/world-arbitraries.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { scenarioToYaml } from '../../src/scenario/scenario-file-writer.js';

const SEED = 20261129;

/** A Redis with a replica, so the failovers the redis space draws have one to fail over to. */
const redisBase = { ...huntBaseScenario, redis: { ...huntBaseScenario.redis, replicationLagMs: 50 } };
const redisSpace: HuntSpace = huntSpaceFor(redisBase, {
  servicePeers: ['psp', 'redis'],
  consumerPeers: [],
  consumes: false,
  durationSettings: { lockTtlMs: 10_000 },
});
const kafkaSpace: HuntSpace = huntSpaceFor(huntBaseScenario, {
  servicePeers: ['kafka'],
  consumerPeers: ['psp'],
  consumes: true,
  durationSettings: {},
});

/** Runs fast-check on a synthetic predicate and returns the case it shrank to. */
function shrinkAgainst(space: HuntSpace, fails: (huntCase: HuntCase) => boolean): HuntCase {
  const details = fc.check(
    fc.property(huntCaseArbitrary(space), (huntCase) => !fails(huntCase)),
    { seed: SEED, numRuns: 2000 },
  );
  expect(details.failed).toBe(true);
  return (details.counterexample as [HuntCase])[0];
}

describe('hunt arbitraries', () => {
  it.each([
    ['redis', redisSpace, redisBase],
    ['kafka', kafkaSpace, huntBaseScenario],
  ])('every %s case is a scenario file that loads back to the same scenario', (_, space, base) => {
    fc.assert(
      fc.property(huntCaseArbitrary(space), (huntCase) => {
        const scenario = applyHuntCase(base, 'redis-setnx', huntCase);
        const loaded = loadScenario(scenarioToYaml(scenario), 'x');
        expect(loaded).toEqual({ ok: true, scenario });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('lays a case out in the order a found case prints in', () => {
    const order = [
      'seed',
      'client',
      'settings',
      'faults',
      'payments',
      'doubleSubmit',
      'instances',
      'providerLatency',
    ];
    const layouts = new Set<string>();
    for (const huntCase of fc.sample(huntCaseArbitrary(redisSpace), { seed: SEED, numRuns: 300 })) {
      const keys = Object.keys(huntCase);
      expect(keys).toEqual(order.filter((key) => keys.includes(key)));
      layouts.add(keys.join());
    }
    expect(layouts.size).toBe(4); // with and without instances, with and without a provider latency
  });

  it('stays inside the space', () => {
    fc.assert(
      fc.property(huntCaseArbitrary(redisSpace), (huntCase) => {
        expect(huntCase.payments).toBeGreaterThanOrEqual(1);
        expect(huntCase.payments).toBeLessThanOrEqual(redisSpace.paymentsMax);
        expect(huntCase.faults.length).toBeLessThanOrEqual(redisSpace.faultsMax);
        for (const fault of huntCase.faults) expect(fault.atMs).toBeLessThanOrEqual(redisSpace.faultWindowMs);
        for (const ms of Object.values(huntCase.settings)) expect(ms).toBeGreaterThanOrEqual(500);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('shrinks to the story a person reads: one payment, one fault, at 0, just long enough, nothing else', () => {
    const smallest = shrinkAgainst(redisSpace, (huntCase) =>
      huntCase.faults.some((fault) => fault.kind === 'pause' && fault.durationMs > 1000),
    );
    expect({ ...smallest, seed: 0 }).toEqual({
      seed: 0,
      payments: 1,
      doubleSubmit: false,
      client: {},
      settings: {},
      faults: [{ kind: 'pause', atMs: 0, worker: { tier: 'service', index: 0 }, durationMs: 1001 }],
    });
  });

  it('shrinks a knob to the smallest value that still fails, and drops the others', () => {
    const smallest = shrinkAgainst(
      redisSpace,
      (huntCase) => (huntCase.settings['lockTtlMs'] ?? 10_000) < 2000 && huntCase.payments >= 2,
    );
    expect({ ...smallest, seed: 0 }).toEqual({
      seed: 0,
      payments: 2,
      doubleSubmit: false,
      client: {},
      settings: { lockTtlMs: 500 },
      faults: [],
    });
  });

  it('shrinks any kind of fault to the simplest kind, a pause, when that still fails', () => {
    const smallest = shrinkAgainst(redisSpace, (huntCase) =>
      huntCase.faults.some((fault) => fault.atMs > 100),
    );
    expect(smallest.faults).toEqual([
      { kind: 'pause', atMs: 101, worker: { tier: 'service', index: 0 }, durationMs: 1 },
    ]);
  });

  it('generates a pause at an exact reply, and shrinks it to the first reply, at 0, just long enough', () => {
    const smallest = shrinkAgainst(redisSpace, (huntCase) =>
      huntCase.faults.some(
        (fault) => fault.kind === 'pause-at' && fault.on === 'reply' && fault.durationMs > 1000,
      ),
    );
    expect({ ...smallest, seed: 0 }).toEqual({
      seed: 0,
      payments: 1,
      doubleSubmit: false,
      client: {},
      settings: {},
      faults: [
        {
          kind: 'pause-at',
          atMs: 0,
          worker: { tier: 'service', index: 0 },
          on: 'reply',
          peer: 'psp',
          nth: 1,
          durationMs: 1001,
        },
      ],
    });
  });

  it('reaches Kafka consumers only when the strategy consumes', () => {
    const tiers = fc
      .sample(huntCaseArbitrary(kafkaSpace), { seed: SEED, numRuns: 300 })
      .flatMap((huntCase) =>
        huntCase.faults.flatMap((fault) => ('worker' in fault ? [fault.worker.tier] : [])),
      );
    expect(new Set(tiers)).toEqual(new Set(['service', 'consumer']));
    const redisTiers = fc
      .sample(huntCaseArbitrary(redisSpace), { seed: SEED, numRuns: 300 })
      .flatMap((huntCase) =>
        huntCase.faults.flatMap((fault) => ('worker' in fault ? [fault.worker.tier] : [])),
      );
    expect(new Set(redisTiers)).toEqual(new Set(['service']));
  });
});
