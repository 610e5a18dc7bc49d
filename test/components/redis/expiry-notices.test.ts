import { describe, expect, it } from 'vitest';
import { setupRedis } from './redis-fixture.js';

describe('redis traces a TTL running out when it happens', () => {
  it('at the first whole ms the key is gone, before a command at that instant finds it free', async () => {
    const { sim, at, log, traceOf } = setupRedis();
    at(1000.4, 'SET k first NX PX 200', (r) => r.set('k', 'first', 'PX', 200, 'NX'));
    at(1100, 'SET k second NX PX 200', (r) => r.set('k', 'second', 'PX', 200, 'NX'));
    at(1201, 'SET k third NX PX 300', (r) => r.set('k', 'third', 'PX', 300, 'NX'));
    await sim.run({ untilMs: 2000 });
    expect(log).toEqual([
      '1000.4 SET k first NX PX 200 -> OK',
      '1100 SET k second NX PX 200 -> (nil)',
      '1201 SET k third NX PX 300 -> OK',
    ]);
    expect(traceOf('redis.expire', 'redis.exec').map((line) => line.replace(/"call":\d+,/, ''))).toEqual([
      '1000.4 redis.exec {"node":"redis","command":"SET k first PX 200 NX","reply":"OK"}',
      '1100 redis.exec {"node":"redis","command":"SET k second PX 200 NX","reply":"(nil)"}',
      '1201 redis.expire {"node":"redis","key":"k","ttlMs":200}',
      '1201 redis.exec {"node":"redis","command":"SET k third PX 300 NX","reply":"OK"}',
      '1502 redis.expire {"node":"redis","key":"k","ttlMs":300}',
    ]);
  });

  it('reports no stale expiry for a key overwritten, deleted or given a new TTL first', async () => {
    const { sim, at, traceOf } = setupRedis();
    for (const key of ['longer', 'shorter', 'deleted', 'plain', 'back'])
      at(10, `SET ${key}`, (r) => r.set(key, 'v', 'PX', 100));
    at(50, 'SET longer PX 500', (r) => r.set('longer', 'w', 'PX', 500));
    at(50, 'DEL deleted', (r) => r.del('deleted'));
    at(50, 'PEXPIRE shorter 20', (r) => r.call('PEXPIRE', 'shorter', 20));
    at(50, 'SET plain', (r) => r.set('plain', 'w'));
    // Deleted and set again to expire at the very same ms: one expiry, with the TTL it has now.
    at(50, 'DEL back', (r) => r.del('back'));
    at(50, 'SET back PX 60', (r) => r.set('back', 'w', 'PX', 60));
    await sim.run({ untilMs: 1000 });
    expect(traceOf('redis.expire')).toEqual([
      '71 redis.expire {"node":"redis","key":"shorter","ttlMs":20}',
      '111 redis.expire {"node":"redis","key":"back","ttlMs":60}',
      '551 redis.expire {"node":"redis","key":"longer","ttlMs":500}',
    ]);
  });

  it('says nothing of keys a restart lost; a key that survived it expires on time', async () => {
    const restart = { kind: 'redis-restart', node: 'redis', crash: 'process', downtimeMs: 10 } as const;
    const lost = setupRedis({ persistence: 'none' }, [{ atMs: 50, fault: restart }]);
    const kept = setupRedis({ persistence: 'aof-everysec' }, [{ atMs: 50, fault: restart }]);
    for (const { at } of [lost, kept]) at(10, 'SET k PX 100', (r) => r.set('k', 'v', 'PX', 100));
    await lost.sim.run({ untilMs: 1000 });
    await kept.sim.run({ untilMs: 1000 });
    expect(lost.traceOf('redis.expire')).toEqual([]);
    expect(kept.traceOf('redis.expire')).toEqual([
      '111 redis.expire {"node":"redis","key":"k","ttlMs":null}',
    ]);
  });

  it('still tells an expiry that active expiry took first, at the same instant (a crash at 111)', async () => {
    const restart = { kind: 'redis-restart', node: 'redis', crash: 'process', downtimeMs: 10 } as const;
    const { sim, at, traceOf } = setupRedis({ persistence: 'none' }, [{ atMs: 111, fault: restart }]);
    at(10, 'SET k PX 100', (r) => r.set('k', 'v', 'PX', 100));
    await sim.run({ untilMs: 1000 });
    expect(traceOf('redis.expire', 'redis.crash').map((line) => line.replace(/,"persistence.*/, ''))).toEqual(
      [
        '111 redis.expire {"node":"redis","key":"k","ttlMs":100}',
        '111 redis.crash {"node":"redis","crash":"process"',
      ],
    );
  });

  it('says nothing of an evicted key: the eviction is traced', async () => {
    const cacheLoad = { kind: 'redis-cache-load', node: 'redis', keys: 4, valueBytes: 100 } as const;
    const { sim, at, traceOf } = setupRedis({ maxMemoryBytes: 600, maxMemoryPolicy: 'volatile-lru' }, [
      { atMs: 10, fault: cacheLoad },
    ]);
    for (const index of [0, 1, 2])
      at(index + 1, `SET idem:${index}`, (r) => r.set(`idem:${index}`, 'in-progress', 'PX', 1000, 'NX'));
    await sim.run({ untilMs: 5000 });
    expect(traceOf('redis.expire', 'redis.evict').map((line) => line.replace(/,"policy.*/, ''))).toEqual([
      '10 redis.evict {"node":"redis","key":"idem:0"',
      '10 redis.evict {"node":"redis","key":"idem:1"',
      '1004 redis.expire {"node":"redis","key":"idem:2","ttlMs":1000}',
    ]);
  });

  it('keeps no run going: a run ends at its last command, with or without pending expiries', async () => {
    const { sim, at } = setupRedis();
    at(10, 'SET k PX 60000', (r) => r.set('k', 'v', 'PX', 60_000));
    await sim.run();
    // The last event is the reply at 11: neither the client's call timeout (59), which lost its
    // race and left the queue when the caller resumed, nor the expiry at 60011 takes a step.
    expect(sim.now).toBe(11);
  });
});
