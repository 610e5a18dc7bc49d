import { describe, expect, it } from 'vitest';
import type { CrashKind, PersistenceMode } from '../../../src/components/redis/persistence.js';
import type { FaultPlan } from '../../../src/world/nemesis.js';
import { setupRedis } from './redis-fixture.js';

/**
 * One history for every mode: a at 500, b (TTL to 6000) at 1000, c at 1500, t (TTL to 1800) at
 * 1600, DEL a at 1700; the server dies at 1800 and serves again at 1900; reads at 2000. Snapshots
 * (rdb) and fsyncs (aof) fall at 1000 and 2000, and hold the writes made at or before them.
 */
async function restartAfterWrites(persistence: PersistenceMode, faults: FaultPlan) {
  const fixture = setupRedis({ persistence, snapshotIntervalMs: 1000 }, faults);
  const { at } = fixture;
  at(500, 'SET a 1', (r) => r.set('a', '1'));
  at(1000, 'SET b 2 PX 5000', (r) => r.set('b', '2', 'PX', 5000));
  at(1500, 'SET c 3', (r) => r.set('c', '3'));
  at(1600, 'SET t 4 PX 200', (r) => r.set('t', '4', 'PX', 200));
  at(1700, 'DEL a', (r) => r.del('a'));
  at(1850, 'GET c', (r) => r.get('c'));
  for (const key of ['a', 'b', 'c', 't']) at(2000, `GET ${key}`, (r) => r.get(key));
  at(2000, 'PTTL b', (r) => r.pttl('b'));
  await fixture.sim.run();
  return {
    log: fixture.log,
    trace: fixture.traceOf('node.crash', 'redis.crash', 'node.restart', 'redis.boot'),
  };
}

const restart = (crash: CrashKind): FaultPlan => [
  { atMs: 1800, fault: { kind: 'redis-restart', node: 'redis', crash, downtimeMs: 100 } },
];

const reads = (a: string, b: string, c: string, pttlB: string): string[] => [
  '500 SET a 1 -> OK',
  '1000 SET b 2 PX 5000 -> OK',
  '1500 SET c 3 -> OK',
  '1600 SET t 4 PX 200 -> OK',
  '1700 DEL a -> (integer) 1',
  '1850 GET c -> refused',
  `2000 GET a -> ${a}`,
  `2000 GET b -> ${b}`,
  `2000 GET c -> ${c}`,
  '2000 GET t -> (nil)',
  `2000 PTTL b -> ${pttlB}`,
];

const crashTrace = (
  crash: CrashKind,
  persistence: PersistenceMode,
  kept: number,
  lost: number | null,
  from: string,
  loaded: number,
) => [
  '1800 node.crash {"node":"redis"}',
  `1800 redis.crash {"node":"redis","crash":"${crash}","persistence":"${persistence}","keysBefore":3,"keysKept":${kept},"writesLost":${lost}}`,
  '1900 node.restart {"node":"redis"}',
  `1900 redis.boot {"node":"redis","incarnation":2,"from":"${from}","keys":${loaded}}`,
];

describe('redis restart by persistence mode', () => {
  it('none: every key is gone, whatever crashed', async () => {
    const { log, trace } = await restartAfterWrites('none', restart('process'));
    expect(log).toEqual(reads('(nil)', '(nil)', '(nil)', '(integer) -2'));
    expect(trace).toEqual(crashTrace('process', 'none', 0, null, 'nothing', 0));
  });

  it.each(['process', 'machine'] as const)(
    'rdb, %s crash: back to the snapshot at 1000, so the deleted a is back',
    async (crash) => {
      const { log, trace } = await restartAfterWrites('rdb', restart(crash));
      expect(log).toEqual(reads('1', '2', '(nil)', '(integer) 4000'));
      expect(trace).toEqual(crashTrace(crash, 'rdb', 2, 3, 'rdb', 2));
    },
  );

  it('aof-everysec, process killed: nothing acknowledged is lost; TTLs keep counting in virtual time', async () => {
    const { log, trace } = await restartAfterWrites('aof-everysec', restart('process'));
    // t (gone from 1801) was in the AOF but had expired by the boot at 1900, so it is not loaded.
    expect(log).toEqual(reads('(nil)', '2', '3', '(integer) 4000'));
    expect(trace).toEqual(crashTrace('process', 'aof-everysec', 3, 0, 'aof-everysec', 2));
  });

  it('aof-everysec, machine crash: writes after the last fsync (at 1000) are lost', async () => {
    const { log, trace } = await restartAfterWrites('aof-everysec', restart('machine'));
    expect(log).toEqual(reads('1', '2', '(nil)', '(integer) 4000'));
    expect(trace).toEqual(crashTrace('machine', 'aof-everysec', 2, 3, 'aof-everysec', 2));
  });

  it("the world's plain crash of the node is a process kill", async () => {
    const { log, trace } = await restartAfterWrites('aof-everysec', [
      { atMs: 1800, fault: { kind: 'crash', node: 'redis', restartAfterMs: 100 } },
    ]);
    expect(log).toEqual(reads('(nil)', '2', '3', '(integer) 4000'));
    expect(trace).toEqual(crashTrace('process', 'aof-everysec', 3, 0, 'aof-everysec', 2));
  });

  it('a restored key expires at the same virtual instant it would have without the restart', async () => {
    const { sim, at, log } = setupRedis({ persistence: 'aof-everysec' }, restart('process'));
    at(1000, 'SET k v PX 1000', (r) => r.set('k', 'v', 'PX', 1000));
    at(2000, 'GET k', (r) => r.get('k'));
    at(2001, 'GET k', (r) => r.get('k'));
    await sim.run();
    expect(log).toEqual(['1000 SET k v PX 1000 -> OK', '2000 GET k -> v', '2001 GET k -> (nil)']);
  });

  it('rdb snapshots count from each boot', async () => {
    const { sim, at, log } = setupRedis({ persistence: 'rdb', snapshotIntervalMs: 1000 }, [
      { atMs: 1800, fault: { kind: 'redis-restart', node: 'redis' } },
      { atMs: 2900, fault: { kind: 'redis-restart', node: 'redis' } },
    ]);
    at(2500, 'SET k v', (r) => r.set('k', 'v'));
    at(2850, 'SET j v', (r) => r.set('j', 'v'));
    at(3000, 'GET k', (r) => r.get('k'));
    at(3000, 'GET j', (r) => r.get('j'));
    await sim.run();
    // Booted at 1800, so the snapshot falls at 2800: k is in it, j is not.
    expect(log).toEqual([
      '2500 SET k v -> OK',
      '2850 SET j v -> OK',
      '3000 GET k -> v',
      '3000 GET j -> (nil)',
    ]);
  });
});
