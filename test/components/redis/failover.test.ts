import { describe, expect, it } from 'vitest';
import { setupRedis } from './redis-fixture.js';

describe('redis failover to a lagging replica', () => {
  it('loses exactly the acknowledged writes younger than the lag: a second NX wins the same lock', async () => {
    const { sim, at, log, traceOf } = setupRedis({ replicationLagMs: 50 }, [
      { atMs: 100, fault: { kind: 'redis-failover', node: 'redis' } },
    ]);
    at(10, 'SET k1 a', (r) => r.set('k1', 'a'));
    at(50, 'SET lock owner-1 PX 10000 NX', (r) => r.set('lock', 'owner-1', 'PX', 10_000, 'NX'));
    at(60, 'SET k2 b', (r) => r.set('k2', 'b'));
    at(90, 'SET lock2 owner-1 PX 10000 NX', (r) => r.set('lock2', 'owner-1', 'PX', 10_000, 'NX'));
    at(95, 'DEL k1', (r) => r.del('k1'));
    at(101, 'GET k1', (r) => r.get('k1'));
    at(101, 'GET k2', (r) => r.get('k2'));
    at(101, 'SET lock owner-2 PX 10000 NX', (r) => r.set('lock', 'owner-2', 'PX', 10_000, 'NX'));
    at(101, 'SET lock2 owner-2 PX 10000 NX', (r) => r.set('lock2', 'owner-2', 'PX', 10_000, 'NX'));
    at(101, 'PTTL lock', (r) => r.pttl('lock'));
    await sim.run();
    expect(log).toEqual([
      '10 SET k1 a -> OK',
      '50 SET lock owner-1 PX 10000 NX -> OK',
      '60 SET k2 b -> OK',
      '90 SET lock2 owner-1 PX 10000 NX -> OK',
      '95 DEL k1 -> (integer) 1',
      '101 GET k1 -> a',
      '101 GET k2 -> (nil)',
      '101 SET lock owner-2 PX 10000 NX -> (nil)',
      '101 SET lock2 owner-2 PX 10000 NX -> OK',
      '101 PTTL lock -> (integer) 9949',
    ]);
    expect(traceOf('node.crash', 'redis.failover', 'node.restart', 'redis.boot')).toEqual([
      '100 node.crash {"node":"redis"}',
      '100 redis.failover {"node":"redis","keysBefore":3,"keysKept":2,"writesLost":3}',
      '100 node.restart {"node":"redis"}',
      '100 redis.boot {"node":"redis","incarnation":2,"from":"replica","keys":2}',
    ]);
  });

  it('with downtime, commands are refused until the promoted replica serves', async () => {
    const { sim, at, log } = setupRedis({ replicationLagMs: 50 }, [
      { atMs: 100, fault: { kind: 'redis-failover', node: 'redis', downtimeMs: 20 } },
    ]);
    at(40, 'SET k1 a', (r) => r.set('k1', 'a'));
    at(70, 'SET k2 b', (r) => r.set('k2', 'b'));
    at(110, 'GET k1', (r) => r.get('k1'));
    at(121, 'GET k1', (r) => r.get('k1'));
    at(121, 'GET k2', (r) => r.get('k2'));
    await sim.run();
    expect(log).toEqual([
      '40 SET k1 a -> OK',
      '70 SET k2 b -> OK',
      '110 GET k1 -> refused',
      '121 GET k1 -> a',
      '121 GET k2 -> (nil)',
    ]);
  });

  it('a primary that restarts empty wipes its replica too (it resyncs), so a later failover has nothing', async () => {
    const { sim, at, log } = setupRedis({ replicationLagMs: 10 }, [
      { atMs: 100, fault: { kind: 'redis-restart', node: 'redis' } },
      { atMs: 200, fault: { kind: 'redis-failover', node: 'redis' } },
    ]);
    at(10, 'SET k a', (r) => r.set('k', 'a'));
    at(201, 'GET k', (r) => r.get('k'));
    await sim.run();
    expect(log).toEqual(['10 SET k a -> OK', '201 GET k -> (nil)']);
  });

  it('the promoted replica gets a replica of its own, with the same lag', async () => {
    const { sim, at, log } = setupRedis({ replicationLagMs: 50 }, [
      { atMs: 100, fault: { kind: 'redis-failover', node: 'redis' } },
      { atMs: 300, fault: { kind: 'redis-failover', node: 'redis' } },
    ]);
    at(200, 'SET k1 a', (r) => r.set('k1', 'a'));
    at(280, 'SET k2 b', (r) => r.set('k2', 'b'));
    at(301, 'GET k1', (r) => r.get('k1'));
    at(301, 'GET k2', (r) => r.get('k2'));
    await sim.run();
    expect(log).toEqual([
      '200 SET k1 a -> OK',
      '280 SET k2 b -> OK',
      '301 GET k1 -> a',
      '301 GET k2 -> (nil)',
    ]);
  });

  it('a failover needs a replica', async () => {
    const { sim } = setupRedis({}, [{ atMs: 100, fault: { kind: 'redis-failover', node: 'redis' } }]);
    await expect(sim.run()).rejects.toThrow('redis node "redis" has no replica: set replicationLagMs');
  });

  it('a failover while the primary is down promotes the replica as it was when the primary died', async () => {
    const { sim, at, log, traceOf } = setupRedis({ replicationLagMs: 50 }, [
      { atMs: 100, fault: { kind: 'crash', node: 'redis' } },
      { atMs: 150, fault: { kind: 'redis-failover', node: 'redis', downtimeMs: 10 } },
    ]);
    at(40, 'SET k1 a', (r) => r.set('k1', 'a'));
    at(70, 'SET k2 b', (r) => r.set('k2', 'b'));
    at(161, 'GET k1', (r) => r.get('k1'));
    at(161, 'GET k2', (r) => r.get('k2'));
    await sim.run();
    expect(log).toEqual(['40 SET k1 a -> OK', '70 SET k2 b -> OK', '161 GET k1 -> a', '161 GET k2 -> (nil)']);
    expect(traceOf('redis.crash', 'redis.failover', 'redis.boot')).toEqual([
      '100 redis.crash {"node":"redis","crash":"process","persistence":"none","keysBefore":2,"keysKept":0,"writesLost":null}',
      '150 redis.failover {"node":"redis","keysBefore":0,"keysKept":1,"writesLost":1}',
      '160 redis.boot {"node":"redis","incarnation":2,"from":"replica","keys":1}',
    ]);
  });
});
