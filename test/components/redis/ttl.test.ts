import { describe, expect, it } from 'vitest';
import { setupRedis } from './redis-fixture.js';

describe('redis TTL on virtual time', () => {
  // Redis reads its clock in whole ms and a key is expired when mstime() > when (db.c,
  // keyIsExpired), so SET PX 200 at t=1000 leaves the key in place through t=1200.999 and gone at
  // t=1201. ioredis-mock alone would drop it at t=1200 (it expires when when <= Date.now()).
  // (Commands start at t=1000 because a command needs 1 ms to reach the server.)
  it('a key set with NX PX 200 at t=1000 blocks a second NX through t=1200.999; it is free at t=1201', async () => {
    const { sim, at, log } = setupRedis();
    at(1000, 'SET k first NX PX 200', (r) => r.set('k', 'first', 'PX', 200, 'NX'));
    at(1199.999, 'SET k second NX PX 200', (r) => r.set('k', 'second', 'PX', 200, 'NX'));
    at(1200, 'SET k second NX PX 200', (r) => r.set('k', 'second', 'PX', 200, 'NX'));
    at(1200.999, 'PTTL k', (r) => r.pttl('k'));
    at(1201, 'SET k third NX PX 200', (r) => r.set('k', 'third', 'PX', 200, 'NX'));
    at(1202, 'GET k', (r) => r.get('k'));
    await sim.run();
    expect(log).toEqual([
      '1000 SET k first NX PX 200 -> OK',
      '1199.999 SET k second NX PX 200 -> (nil)',
      '1200 SET k second NX PX 200 -> (nil)',
      '1200.999 PTTL k -> (integer) 0',
      '1201 SET k third NX PX 200 -> OK',
      '1202 GET k -> third',
    ]);
  });

  it('counts from the whole millisecond the SET ran in, and PTTL reports what Redis would', async () => {
    const { sim, at, log } = setupRedis();
    at(1000.5, 'SET k v PX 200', (r) => r.set('k', 'v', 'PX', 200));
    at(1000.5, 'PTTL k', (r) => r.pttl('k'));
    at(1150.7, 'PTTL k', (r) => r.pttl('k'));
    at(1200.9, 'GET k', (r) => r.get('k'));
    at(1201, 'GET k', (r) => r.get('k'));
    at(1201, 'PTTL k', (r) => r.pttl('k'));
    at(1202, 'SET p v', (r) => r.set('p', 'v'));
    at(1202, 'PTTL p', (r) => r.pttl('p'));
    await sim.run();
    expect(log).toEqual([
      '1000.5 SET k v PX 200 -> OK',
      '1000.5 PTTL k -> (integer) 200',
      '1150.7 PTTL k -> (integer) 50',
      '1200.9 GET k -> v',
      '1201 GET k -> (nil)',
      '1201 PTTL k -> (integer) -2',
      '1202 SET p v -> OK',
      '1202 PTTL p -> (integer) -1',
    ]);
  });

  it('leaks no virtual clock: Date is the real one after a run, and reads the wall clock', async () => {
    const RealDate = globalThis.Date;
    const { sim, at } = setupRedis();
    at(1, 'SET k v PX 5000', (r) => r.set('k', 'v', 'PX', 5000));
    at(10_000, 'GET k', (r) => r.get('k'));
    await sim.run();
    expect(globalThis.Date).toBe(RealDate);
    const wallMs = performance.timeOrigin + performance.now();
    expect(Math.abs(Date.now() - wallMs)).toBeLessThan(60_000);
    // biome-ignore lint/complexity/useDateNow: the test is that `new Date()` reads the real clock again
    expect(Math.abs(new Date().getTime() - wallMs)).toBeLessThan(60_000);
  });
});
