import { describe, expect, it } from 'vitest';
import type { EvictionPolicy } from '../../../src/components/redis/key-space.js';
import type { RedisFault } from '../../../src/components/redis/redis-faults.js';
import { setupRedis } from './redis-fixture.js';

/**
 * Sizes by the model in key-size.ts: an idempotency key "idem:N" holding "in-progress" with a TTL
 * costs 48 + 6 + 11 + 32 = 97 bytes; a cache key "cache:N" holding 100 bytes without a TTL costs
 * 48 + 7 + 100 = 155. Under a 600-byte budget, three idempotency keys (291) and two cache keys
 * (601) overflow it.
 */
function withCacheLoad(policy: EvictionPolicy, load: Partial<RedisFault> = {}) {
  const cacheLoad = { kind: 'redis-cache-load', node: 'redis', keys: 4, valueBytes: 100, ...load } as const;
  const fixture = setupRedis({ maxMemoryBytes: 600, maxMemoryPolicy: policy }, [
    { atMs: 10, fault: cacheLoad },
  ]);
  for (const index of [0, 1, 2]) {
    fixture.at(index + 1, `SET idem:${index} NX PX`, (r) =>
      r.set(`idem:${index}`, 'in-progress', 'PX', 60_000, 'NX'),
    );
  }
  return fixture;
}

const claims = ['1 SET idem:0 NX PX -> OK', '2 SET idem:1 NX PX -> OK', '3 SET idem:2 NX PX -> OK'];
const OOM = "(error) OOM command not allowed when used memory > 'maxmemory'.";

describe('redis eviction under a memory budget', () => {
  it('volatile-lru evicts only keys with a TTL, oldest first, then refuses writes with OOM', async () => {
    const { sim, at, log, traceOf, server } = withCacheLoad('volatile-lru');
    at(20, 'SET idem:9 NX PX', (r) => r.set('idem:9', 'in-progress', 'PX', 60_000, 'NX'));
    at(20, 'EXISTS cache:0..3', (r) => r.call('EXISTS', 'cache:0', 'cache:1', 'cache:2', 'cache:3'));
    at(20, 'GET idem:2', (r) => r.get('idem:2'));
    at(20, 'DEL cache:0', (r) => r.del('cache:0'));
    at(21, 'SET idem:9 NX PX', (r) => r.set('idem:9', 'in-progress', 'PX', 60_000, 'NX'));
    await sim.run();
    expect(log).toEqual([
      ...claims,
      `20 SET idem:9 NX PX -> ${OOM}`,
      '20 EXISTS cache:0..3 -> (integer) 4',
      '20 GET idem:2 -> (nil)',
      '20 DEL cache:0 -> (integer) 1',
      '21 SET idem:9 NX PX -> OK',
    ]);
    expect(traceOf('redis.evict', 'redis.cache-load')).toEqual([
      '10 redis.evict {"node":"redis","key":"idem:0","policy":"volatile-lru","usedBytes":504}',
      '10 redis.evict {"node":"redis","key":"idem:1","policy":"volatile-lru","usedBytes":562}',
      '10 redis.cache-load {"node":"redis","written":4,"refused":0,"lastError":""}',
      '20 redis.evict {"node":"redis","key":"idem:2","policy":"volatile-lru","usedBytes":620}',
    ]);
    expect(server.keys()).toEqual(['idem:9', 'cache:1', 'cache:2', 'cache:3']);
  });

  it('allkeys-lru evicts by last use, whatever the TTL: a key read recently outlives older ones', async () => {
    const { sim, at, log, traceOf } = withCacheLoad('allkeys-lru');
    at(5, 'GET idem:0', (r) => r.get('idem:0'));
    at(20, 'SET idem:9 NX PX', (r) => r.set('idem:9', 'in-progress', 'PX', 60_000, 'NX'));
    await sim.run();
    expect(log).toEqual([...claims, '5 GET idem:0 -> in-progress', '20 SET idem:9 NX PX -> OK']);
    expect(traceOf('redis.evict').map((line) => /"key":"([^"]+)"/.exec(line)?.[1])).toEqual([
      'idem:1',
      'idem:2',
      'idem:0',
      'cache:0',
    ]);
  });

  it('noeviction refuses writes once over the budget; reads still work', async () => {
    const { sim, at, log, traceOf } = withCacheLoad('noeviction');
    at(20, 'SET idem:9 NX PX', (r) => r.set('idem:9', 'in-progress', 'PX', 60_000, 'NX'));
    at(20, 'GET idem:0', (r) => r.get('idem:0'));
    await sim.run();
    expect(log).toEqual([...claims, `20 SET idem:9 NX PX -> ${OOM}`, '20 GET idem:0 -> in-progress']);
    expect(traceOf('redis.evict', 'redis.cache-load')).toEqual([
      `10 redis.cache-load {"node":"redis","written":2,"refused":2,"lastError":"${OOM.slice('(error) '.length)}"}`,
    ]);
  });

  it('as measured on Redis 7: all 1000 TTL keys go before any cache key, then writes fail with OOM', async () => {
    const keys = 1000;
    // 1000 idempotency keys "idem:NNNN" of 100 bytes each, then 3000 cache keys of 155-ish bytes.
    const fixture = setupRedis({ maxMemoryBytes: 300_000, maxMemoryPolicy: 'volatile-lru' }, [
      {
        atMs: 100,
        fault: { kind: 'redis-cache-load', node: 'redis', keys: 3000, valueBytes: 100, writesPerSec: 10_000 },
      },
    ]);
    for (let index = 0; index < keys; index++) {
      const key = `idem:${String(index).padStart(4, '0')}`;
      fixture.at(10 + index * 0.05, key, (r) => r.set(key, 'in-progress', 'PX', 3_600_000, 'NX'));
    }
    await fixture.sim.run();
    const evicted = fixture.traceOf('redis.evict').map((line) => /"key":"([^"]+)"/.exec(line)?.[1]);
    expect(evicted).toHaveLength(keys);
    expect(evicted.every((key) => key?.startsWith('idem:'))).toBe(true);
    const [summary] = fixture.traceOf('redis.cache-load');
    expect(summary).toMatch(/"written":\d+,"refused":\d+,"lastError":"OOM command not allowed/);
    expect(fixture.server.keys().some((key) => key.startsWith('idem:'))).toBe(false);
    expect(fixture.server.usedMemoryBytes).toBeGreaterThan(300_000);
  });

  it('a co-tenant writes at its rate, with a TTL if given', async () => {
    const { sim, at, log } = setupRedis({}, [
      {
        atMs: 10,
        fault: {
          kind: 'redis-cache-load',
          node: 'redis',
          keys: 3,
          valueBytes: 1,
          ttlMs: 1000,
          writesPerSec: 10,
        },
      },
    ]);
    at(150, 'EXISTS cache:0..2', (r) => r.call('EXISTS', 'cache:0', 'cache:1', 'cache:2'));
    at(300, 'PTTL cache:2', (r) => r.pttl('cache:2'));
    at(1011, 'EXISTS cache:0..2', (r) => r.call('EXISTS', 'cache:0', 'cache:1', 'cache:2'));
    await sim.run();
    expect(log).toEqual([
      '150 EXISTS cache:0..2 -> (integer) 2',
      '300 PTTL cache:2 -> (integer) 910',
      '1011 EXISTS cache:0..2 -> (integer) 2',
    ]);
  });

  it('a co-tenant load aimed at a Redis that is down writes nothing', async () => {
    const { sim, traceOf } = setupRedis({}, [
      { atMs: 5, fault: { kind: 'crash', node: 'redis' } },
      { atMs: 10, fault: { kind: 'redis-cache-load', node: 'redis', keys: 3, valueBytes: 1 } },
    ]);
    await sim.run();
    expect(traceOf('redis.cache-load')).toEqual([
      '10 redis.cache-load {"node":"redis","written":0,"refused":3,"lastError":"node down"}',
    ]);
  });
});
