/**
 * The parts of the Redis replay that need no server: the model's dataset rebuilt from a schedule,
 * reply comparison, the keys a command names, the clock mapping and the context lines.
 */
import { describe, expect, it } from 'vitest';
import type { RedisSchedule } from '../../src/components/redis/schedule-types.js';
import { ModelShadow } from '../../src/conformance/redis-model-shadow.js';
import { keysNamed, replyText, sameReply } from '../../src/conformance/redis-reply-match.js';
import { stepsAround } from '../../src/conformance/redis-step-text.js';
import { WarpedClock } from '../../src/conformance/redis-warped-clock.js';

describe('ModelShadow', () => {
  it('holds what the recorded writes left, gone from each deadline on (whole ms)', () => {
    const shadow = new ModelShadow();
    shadow.apply([
      ['a', { value: 'x', expireAtMs: 111 }],
      ['b', { value: 'y', expireAtMs: null }],
    ]);
    expect(shadow.at('a', 110.999)).toEqual({ value: 'x', expireAtMs: 111 });
    expect(shadow.at('a', 111)).toBeNull();
    expect([...shadow.liveAt(200).keys()]).toEqual(['b']);
    expect(shadow.expiringIn(100, 111.5)).toEqual(['a']);
    expect(shadow.expiringIn(111, 300)).toEqual([]);
    shadow.apply([['b', null]]);
    expect(shadow.at('b', 0)).toBeNull();
    expect(shadow.hadTtl('a')).toBe(true);
    expect(shadow.hadTtl('b')).toBe(false);
    shadow.reset([['c', { value: 'z', expireAtMs: null }]]);
    expect([...shadow.liveAt(0).keys()]).toEqual(['c']);
    expect(shadow.deadlineOf('a')).toBeUndefined();
  });
});

describe('sameReply', () => {
  const ok = (value: unknown) => ({ ok: true as const, value });
  it('compares values exactly, errors by message, and PTTL within the tolerance', () => {
    expect(sameReply('SET', ok('OK'), ok('OK'), 50)).toBe(true);
    expect(sameReply('SET', ok(null), ok('OK'), 50)).toBe(false);
    expect(sameReply('GET', ok(null), ok(undefined), 50)).toBe(true);
    expect(
      sameReply(
        'SET',
        { ok: false, error: 'ERR syntax error' },
        { ok: false, error: 'ERR syntax error' },
        50,
      ),
    ).toBe(true);
    expect(sameReply('SET', { ok: false, error: 'ERR syntax error' }, ok('OK'), 50)).toBe(false);
    expect(sameReply('PTTL', ok(1000), ok(960), 50)).toBe(true);
    expect(sameReply('PTTL', ok(1000), ok(940), 50)).toBe(false);
    expect(sameReply('PTTL', ok(-2), ok(3), 50)).toBe(false);
    expect(sameReply('GET', ok(1000), ok(960), 50)).toBe(false);
  });

  it('writes replies as redis-cli does', () => {
    expect([replyText(ok(null)), replyText(ok(3)), replyText({ ok: false, error: 'OOM x' })]).toEqual([
      '(nil)',
      '(integer) 3',
      '(error) OOM x',
    ]);
  });
});

describe('keysNamed', () => {
  it('names the keys of each modelled command, a script by its KEYS', () => {
    expect(keysNamed('SET', ['k', 'v', 'PX', '10'])).toEqual(['k']);
    expect(keysNamed('DEL', ['a', 'b'])).toEqual(['a', 'b']);
    expect(keysNamed('EVAL', ['return 1', '2', 'a', 'b', 'arg'])).toEqual(['a', 'b']);
    expect(keysNamed('LPUSH', ['l', 'x'])).toEqual([]);
  });
});

describe('WarpedClock', () => {
  it('maps real deadlines to model deadlines and back: PEXPIRETIME is the last ms alive, the model counts the first gone', () => {
    // A fixed wall clock: the mapping is pure arithmetic around the moment the replay started.
    const clock = new WarpedClock({
      nowMs: () => 1_700_000_000_000,
      sleep: async () => {},
      within: async (p) => p,
    });
    const real = clock.realExpireAt(5000);
    expect(clock.virtualDeadline(real)).toBe(5000);
    expect(clock.realAt(4999)).toBe(real);
  });
});

describe('stepsAround', () => {
  it('shows three steps either side, the divergent one marked', () => {
    const steps = Array.from({ length: 9 }, (_, index) => ({
      kind: 'command' as const,
      atMs: index,
      command: 'GET',
      args: [`k${index}`],
      reply: { ok: true as const, value: null },
      source: 'client' as const,
    }));
    const schedule: RedisSchedule = {
      node: 'redis',
      config: {
        persistence: 'none',
        snapshotIntervalMs: 60_000,
        replicationLagMs: null,
        maxMemoryBytes: null,
        maxMemoryPolicy: 'noeviction',
      },
      steps: [...steps, { kind: 'evict', atMs: 9, key: 'k1', hadTtl: true }],
    };
    expect(stepsAround(schedule, 8)).toEqual([
      '  5ms GET k5 -> (nil)',
      '  6ms GET k6 -> (nil)',
      '  7ms GET k7 -> (nil)',
      '> 8ms GET k8 -> (nil)',
      '  9ms evict k1 (had a TTL)',
    ]);
  });
});
