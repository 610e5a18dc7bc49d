import { describe, expect, it } from 'vitest';
import { setupRedis } from './redis-fixture.js';

describe('redis schedule recording', () => {
  it('records each command with its time, arguments, reply and writes, and the store events, in order', async () => {
    const { sim, at, server } = setupRedis(
      { persistence: 'aof-everysec', maxMemoryBytes: 200, maxMemoryPolicy: 'volatile-lru' },
      [{ atMs: 300, fault: { kind: 'redis-restart', node: 'redis', crash: 'process', downtimeMs: 50 } }],
      true,
    );
    at(10, 'SET a', (r) => r.set('a', 'x', 'PX', 100, 'NX'));
    at(20, 'SET a again', (r) => r.set('a', 'y', 'PX', 100, 'NX'));
    at(30, 'GET a', (r) => r.get('a'));
    at(150, 'GET a', (r) => r.get('a'));
    at(160, 'SET b', (r) => r.set('b', 'v', 'PX', 1000));
    at(170, 'SET c', (r) => r.set('c', 'w'));
    at(180, 'SET d', (r) => r.call('SET', 'd', 'z'));
    at(190, 'NOPE', (r) => r.call('LPUSH', 'l', 'x'));
    await sim.run();
    const command = (atMs: number, name: string, args: string[], value: unknown) => ({
      kind: 'command',
      atMs,
      command: name,
      args,
      reply: { ok: true, value },
      source: 'client',
    });
    expect(server.schedule()).toEqual({
      node: 'redis',
      config: {
        persistence: 'aof-everysec',
        snapshotIntervalMs: 60_000,
        replicationLagMs: null,
        maxMemoryBytes: 200,
        maxMemoryPolicy: 'volatile-lru',
      },
      steps: [
        {
          ...command(10, 'SET', ['a', 'x', 'PX', '100', 'NX'], 'OK'),
          writes: [['a', { value: 'x', expireAtMs: 111 }]],
        },
        {
          ...command(20, 'SET', ['a', 'y', 'PX', '100', 'NX'], null),
          writes: [['a', { value: 'x', expireAtMs: 111 }]],
        },
        command(30, 'GET', ['a'], 'x'),
        { kind: 'expire', atMs: 150, key: 'a', expireAtMs: 111 },
        command(150, 'GET', ['a'], null),
        {
          ...command(160, 'SET', ['b', 'v', 'PX', '1000'], 'OK'),
          writes: [['b', { value: 'v', expireAtMs: 1161 }]],
        },
        { ...command(170, 'SET', ['c', 'w'], 'OK'), writes: [['c', { value: 'w', expireAtMs: null }]] },
        // b (48 + 1 + 1 + 32) and c (48 + 1 + 1) take 132 of 200 bytes; d takes 50 more: 182, no eviction yet.
        { ...command(180, 'SET', ['d', 'z'], 'OK'), writes: [['d', { value: 'z', expireAtMs: null }]] },
        {
          kind: 'command',
          atMs: 190,
          command: 'LPUSH',
          args: ['l', 'x'],
          reply: { ok: false, error: "ERR idemsim does not model the command 'LPUSH'" },
          source: 'client',
        },
        { kind: 'crash', atMs: 300, crash: 'process', persistence: 'aof-everysec', lost: [] },
        {
          kind: 'boot',
          atMs: 350,
          from: 'aof-everysec',
          image: [
            ['b', { value: 'v', expireAtMs: 1161 }],
            ['c', { value: 'w', expireAtMs: null }],
            ['d', { value: 'z', expireAtMs: null }],
          ],
        },
      ],
    });
  });

  it('records evictions with the class of the key, and nothing at all when not asked', async () => {
    const recorded = setupRedis({ maxMemoryBytes: 100, maxMemoryPolicy: 'volatile-lru' }, [], true);
    const plain = setupRedis({ maxMemoryBytes: 100, maxMemoryPolicy: 'volatile-lru' });
    for (const { at } of [recorded, plain]) {
      at(10, 'SET a', (r) => r.set('a', 'x', 'PX', 1000));
      at(20, 'SET b', (r) => r.set('b', 'y'));
      at(30, 'SET c', (r) => r.set('c', 'z', 'PX', 1000));
    }
    await recorded.sim.run();
    await plain.sim.run();
    const events = recorded.server.schedule()?.steps.filter((step) => step.kind !== 'command');
    expect(events).toEqual([{ kind: 'evict', atMs: 30, key: 'a', hadTtl: true }]);
    expect(plain.server.schedule()).toBeUndefined();
  });
});
