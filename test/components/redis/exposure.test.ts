import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import type { RedisPort } from '../../../src/components/port/redis-port.js';
import type { RedisServerOptions } from '../../../src/components/redis/redis-server.js';
import type { FaultPlan } from '../../../src/world/nemesis.js';
import { LINK_MS, setupRedis } from './redis-fixture.js';

type Write = [
  executeAtMs: number,
  intentId: string | undefined,
  command: (redis: RedisPort) => Proc<unknown>,
];

/** Runs the writes (each for its intent, if any) against a Redis with `options` and `faults`. */
async function faultsAfter(options: RedisServerOptions, faults: FaultPlan, writes: readonly Write[]) {
  const fixture = setupRedis(options, faults);
  const app = fixture.world.node('app');
  for (const [atMs, intentId, command] of writes) {
    function* client(): Proc {
      yield* sleep(atMs - LINK_MS);
      yield* command(fixture.redis);
    }
    app.spawn(client(), `write@${atMs}`, intentId === undefined ? undefined : { intentId });
  }
  await fixture.sim.run({ untilMs: 2000 });
  return fixture.world.exposure.records().faults;
}

const claim = (key: string) => (redis: RedisPort) => redis.set(key, 'in-progress', 'PX', 60_000, 'NX');
const WRITES: Write[] = [
  [1, 'pay-1', claim('idem:1')],
  [2, 'pay-2', claim('idem:2')],
  [3, 'pay-2', (redis) => redis.del('idem:2')],
  [4, undefined, claim('idem:other')],
];

describe('exposure of the keys an intent wrote to Redis', () => {
  it('a restart without persistence touches the intents whose live keys it lost', async () => {
    const faults = await faultsAfter(
      { persistence: 'none' },
      [{ atMs: 10, fault: { kind: 'redis-restart', node: 'redis', downtimeMs: 5 } }],
      WRITES,
    );
    expect(faults).toEqual([{ index: 0, kind: 'redis-restart', touched: true, intents: ['pay-1'] }]);
  });

  it('a process kill with an AOF loses nothing and touches nothing', async () => {
    const faults = await faultsAfter(
      { persistence: 'aof-everysec' },
      [{ atMs: 10, fault: { kind: 'redis-restart', node: 'redis', crash: 'process' } }],
      WRITES,
    );
    expect(faults).toEqual([{ index: 0, kind: 'redis-restart', touched: false, intents: [] }]);
  });

  it('a failover touches the intents whose writes the replica had not received yet', async () => {
    const faults = await faultsAfter(
      { replicationLagMs: 5 },
      [{ atMs: 8, fault: { kind: 'redis-failover', node: 'redis' } }],
      [...WRITES, [6, 'pay-3', claim('idem:3')]],
    );
    expect(faults).toEqual([{ index: 0, kind: 'redis-failover', touched: true, intents: ['pay-3'] }]);
  });

  it("a co-tenant's cache load touches the intents whose keys it got evicted (the oldest two here)", async () => {
    const faults = await faultsAfter(
      { maxMemoryBytes: 600, maxMemoryPolicy: 'volatile-lru' },
      [{ atMs: 10, fault: { kind: 'redis-cache-load', node: 'redis', keys: 4, valueBytes: 100 } }],
      [
        [1, 'pay-1', claim('idem:1')],
        [2, 'pay-2', claim('idem:2')],
        [3, 'pay-3', claim('idem:3')],
      ],
    );
    expect(faults).toEqual([
      { index: 0, kind: 'redis-cache-load', touched: true, intents: ['pay-1', 'pay-2'] },
    ]);
  });
});
