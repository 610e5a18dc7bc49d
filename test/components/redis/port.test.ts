import { describe, expect, it } from 'vitest';
import { serializeTrace } from '../../../src/engine/trace.js';
import { setupRedis } from './redis-fixture.js';

describe('redis port over the simulated network', () => {
  it('a lost reply is a timeout although the write happened; a lost request is a timeout and did not', async () => {
    const { sim, at, log } = setupRedis({}, [
      {
        atMs: 5,
        fault: { kind: 'partition', between: ['redis'], and: ['app'], oneWay: true, durationMs: 100 },
      },
      {
        atMs: 200,
        fault: { kind: 'partition', between: ['app'], and: ['redis'], oneWay: true, durationMs: 100 },
      },
    ]);
    at(10, 'SET a 1 NX', (r) => r.set('a', '1', 'NX'));
    at(150, 'GET a', (r) => r.get('a'));
    at(210, 'SET b 1 NX', (r) => r.set('b', '1', 'NX'));
    at(350, 'GET b', (r) => r.get('b'));
    await sim.run();
    expect(log).toEqual([
      '10 SET a 1 NX -> timeout',
      '150 GET a -> 1',
      '210 SET b 1 NX -> timeout',
      '350 GET b -> (nil)',
    ]);
  });

  it('is deterministic: the same seed gives the same trace, byte for byte', async () => {
    const run = async (): Promise<string> => {
      const { sim, at } = setupRedis(
        { replicationLagMs: 5, persistence: 'rdb', snapshotIntervalMs: 50, maxMemoryBytes: 2000 },
        [
          {
            atMs: 30,
            fault: { kind: 'redis-cache-load', node: 'redis', keys: 20, valueBytes: 50, writesPerSec: 500 },
          },
          { atMs: 80, fault: { kind: 'redis-failover', node: 'redis' } },
        ],
      );
      for (let index = 0; index < 20; index++)
        at(5 + index * 5, `SET k${index}`, (r) => r.set(`k${index}`, 'v', 'PX', 60, 'NX'));
      await sim.run();
      return serializeTrace(sim.trace.all);
    };
    const first = await run();
    expect(await run()).toBe(first);
    expect(first).toContain('redis.failover');
  });
});
