import { describe, expect, it } from 'vitest';
import { setupRedis } from './redis-fixture.js';

describe('redis commands as real Redis parses them', () => {
  // ioredis-mock ignores lower-case options (the second SET below would overwrite the key and
  // drop its TTL); Redis matches them case-insensitively.
  it('lower-case px / nx behave like upper-case: the lock holds and expires', async () => {
    const { sim, at, log } = setupRedis();
    at(10, 'set k a px 200 nx', (r) => r.call('set', 'k', 'a', 'px', 200, 'nx'));
    at(20, 'set k b px 200 nx', (r) => r.call('set', 'k', 'b', 'px', 200, 'nx'));
    at(20, 'GET k', (r) => r.get('k'));
    at(20, 'PTTL k', (r) => r.pttl('k'));
    at(211, 'set k c Px 200 nX', (r) => r.call('set', 'k', 'c', 'Px', 200, 'nX'));
    await sim.run();
    expect(log).toEqual([
      '10 set k a px 200 nx -> OK',
      '20 set k b px 200 nx -> (nil)',
      '20 GET k -> a',
      '20 PTTL k -> (integer) 190',
      '211 set k c Px 200 nX -> OK',
    ]);
  });

  it('rejects what Redis rejects, with its messages, and writes nothing', async () => {
    const { sim, at, log } = setupRedis();
    at(10, 'SET k v PX 0', (r) => r.set('k', 'v', 'PX', 0));
    at(10, 'SET k v PX -5', (r) => r.set('k', 'v', 'PX', -5));
    at(10, 'SET k v PX 1.5', (r) => r.set('k', 'v', 'PX', 1.5));
    at(10, 'SET k v PX abc', (r) => r.call('SET', 'k', 'v', 'PX', 'abc'));
    at(10, 'SET k v NX XX', (r) => r.call('SET', 'k', 'v', 'NX', 'XX'));
    at(10, 'SET k v PX', (r) => r.call('SET', 'k', 'v', 'PX'));
    at(10, 'SET k v EX 1 PX 5', (r) => r.call('SET', 'k', 'v', 'EX', 1, 'PX', 5));
    at(10, 'GET', (r) => r.call('GET'));
    at(10, 'HSET h f v', (r) => r.call('HSET', 'h', 'f', 'v'));
    at(11, 'EXISTS k', (r) => r.call('EXISTS', 'k'));
    await sim.run();
    expect(log).toEqual([
      "10 SET k v PX 0 -> (error) ERR invalid expire time in 'set' command",
      "10 SET k v PX -5 -> (error) ERR invalid expire time in 'set' command",
      '10 SET k v PX 1.5 -> (error) ERR value is not an integer or out of range',
      '10 SET k v PX abc -> (error) ERR value is not an integer or out of range',
      '10 SET k v NX XX -> (error) ERR syntax error',
      '10 SET k v PX -> (error) ERR syntax error',
      '10 SET k v EX 1 PX 5 -> (error) ERR syntax error',
      "10 GET -> (error) ERR wrong number of arguments for 'get' command",
      "10 HSET h f v -> (error) ERR idemsim does not model the command 'HSET'",
      '11 EXISTS k -> (integer) 0',
    ]);
  });

  it('EX, XX, GET and KEEPTTL as in Redis 7; PEXPIRE 0 deletes at once', async () => {
    const { sim, at, log } = setupRedis();
    at(10, 'SET k a XX', (r) => r.set('k', 'a', 'XX'));
    at(10, 'SET k a EX 2', (r) => r.set('k', 'a', 'EX', 2));
    at(10, 'SET k b GET PX 500', (r) => r.call('SET', 'k', 'b', 'GET', 'PX', 500));
    at(10, 'PTTL k', (r) => r.pttl('k'));
    at(20, 'SET k c KEEPTTL XX', (r) => r.call('SET', 'k', 'c', 'KEEPTTL', 'XX'));
    at(20, 'PTTL k', (r) => r.pttl('k'));
    at(30, 'SET k d', (r) => r.set('k', 'd'));
    at(30, 'PTTL k', (r) => r.pttl('k'));
    at(40, 'PEXPIRE k 0', (r) => r.call('PEXPIRE', 'k', 0));
    at(40, 'GET k', (r) => r.get('k'));
    await sim.run();
    expect(log).toEqual([
      '10 SET k a XX -> (nil)',
      '10 SET k a EX 2 -> OK',
      '10 SET k b GET PX 500 -> a',
      '10 PTTL k -> (integer) 500',
      '20 SET k c KEEPTTL XX -> OK',
      '20 PTTL k -> (integer) 490',
      '30 SET k d -> OK',
      '30 PTTL k -> (integer) -1',
      '40 PEXPIRE k 0 -> (integer) 1',
      '40 GET k -> (nil)',
    ]);
  });

  it('EVAL runs a script atomically: release the lock only if we still own it', async () => {
    const release =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    const { sim, at, log, traceOf } = setupRedis();
    at(10, 'SET lock me PX 100 NX', (r) => r.set('lock', 'me', 'PX', 100, 'NX'));
    at(20, 'EVAL release lock other', (r) => r.eval(release, 1, 'lock', 'other'));
    at(30, 'EVAL release lock me', (r) => r.eval(release, 1, 'lock', 'me'));
    at(40, 'GET lock', (r) => r.get('lock'));
    await sim.run();
    expect(log).toEqual([
      '10 SET lock me PX 100 NX -> OK',
      '20 EVAL release lock other -> (integer) 0',
      '30 EVAL release lock me -> (integer) 1',
      '40 GET lock -> (nil)',
    ]);
    expect(traceOf('redis.exec').slice(1, 2)).toEqual([
      `20 redis.exec {"node":"redis","call":2,"command":"EVAL if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', K...","reply":"(integer) 0"}`,
    ]);
  });
});
