/**
 * The key is gone when a late retry comes, because a TTL or a reaper removed it
 * (06-key-forgotten), or Redis lost it in a failover (07-redis-failover), a restart without
 * persistence (08-redis-restart) or an eviction under memory pressure (09-redis-eviction). One pinned seed per strategy; each violation shows, in the
 * trace of one affected payment, the key being lost between the first charge and the second.
 */
import { describe, expect, it } from 'vitest';
import { lineOf, storyOf } from './trace-story.js';
import { attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

describe('06-key-forgotten: the key is forgotten before a late retry', () => {
  const doubleCharged = ['pay-01', 'pay-05', 'pay-07', 'pay-12'];

  it('none: D, the late retry charges again', async () => {
    const outcome = await runMechanism('06-key-forgotten', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    const types = ['rpc.call', 'rpc.timeout', 'psp.charge', 'msg.drop'];
    expect(storyOf(outcome, 'pay-01', types, { callers: ['client', 'service-1', 'lb'], toMs: 5000 })).toEqual(
      [
        '0 rpc.call client->lb POST /payments',
        '0.974 rpc.call lb->service-1 POST /payments',
        '1.65 rpc.call service-1->psp charge',
        '75.132 psp.charge ch_1',
        '76.348 rpc.call service-1->postgres pg.query',
        '78.545 msg.drop lb->service-1 POST /payments reply (loss)', // the flaky load balancer
        '1000 rpc.timeout client->lb POST /payments',
        '4459.362 rpc.call client->lb POST /payments', // after a long backoff
        '4460.24 rpc.call lb->service-1 POST /payments',
        '4460.775 rpc.call service-1->psp charge',
        '4524.716 psp.charge ch_22',
        '4525.482 rpc.call service-1->postgres pg.query',
      ],
    );
  });

  it('db-naive: ok while the row is kept, the late retry finds it and charges nothing', async () => {
    const outcome = await runMechanism('06-key-forgotten', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(
      storyOf(outcome, 'pay-01', ['rpc.timeout', 'psp.charge', 'pg.begin', 'pg.commit'], { toMs: 5000 }),
    ).toEqual([
      '5.406 pg.begin service-1/tx1',
      '84.569 psp.charge ch_1',
      '89.866 pg.commit service-1/tx1',
      '1002.197 rpc.timeout client->lb POST /payments',
      '4463.739 pg.begin service-1/tx22', // SELECT finds the row: replay, no charge
      '4469.164 pg.commit service-1/tx22',
    ]);
    expect(attemptsOf(outcome, 'pay-01')).toEqual([
      '1.1 idem-pay-01 1000 -> no answer',
      '1.2 idem-pay-01 1000 -> 201',
    ]);
  });

  it('db-atomic: D after the reaper, and the provider has forgotten its key too', async () => {
    const outcome = await runMechanism('06-key-forgotten', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(storyOf(outcome, 'pay-01', ['rpc.timeout', 'psp.charge', 'psp.key'], { toMs: 5000 })).toEqual([
      '79.687 psp.charge ch_1',
      '1002.197 rpc.timeout client->lb POST /payments',
      '4467.438 psp.key payment:idem-pay-01 forgotten', // no replay: the provider kept the key 3 s
      '4531.001 psp.charge ch_22',
    ]);
    // The reaper is a worker, so its DELETEs carry no intent; the one at 3004 removes rows created before 4.193.
    const reaper = outcome.trace.filter(
      (entry) => entry.type === 'rpc.call' && entry['intent'] === null && entry.t > 0 && entry.t < 4461,
    );
    expect(reaper.map(lineOf)).toEqual([
      '1000 rpc.call service-1->postgres pg.query',
      '2001.269 rpc.call service-1->postgres pg.query',
      '3003.92 rpc.call service-1->postgres pg.query',
      '4006.016 rpc.call service-1->postgres pg.query',
    ]);
    expect(chargesOf(outcome, 'pay-01')).toEqual([
      'ch_1 1000 payment:idem-pay-01',
      'ch_22 1000 payment:idem-pay-01',
    ]);
  });

  it('redis-setnx: D, the cached result expired (3 s), so SET NX succeeds again', async () => {
    const outcome = await runMechanism('06-key-forgotten', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(storyOf(outcome, 'pay-01', ['rpc.timeout', 'psp.charge', 'redis.exec'], { toMs: 5000 })).toEqual([
      '2.586 redis.exec SET idem:idem-pay-01 in-progress PX 10000 NX -> OK',
      '77.398 psp.charge ch_1',
      '81.694 redis.exec SET idem:idem-pay-01 {"status":201,"body":{"chargeId":"ch_1","amount":1000,"c... -> OK',
      '1000 rpc.timeout client->lb POST /payments',
      '4461.252 redis.exec SET idem:idem-pay-01 in-progress PX 10000 NX -> OK',
      '4525.885 psp.charge ch_22',
      '4530.776 redis.exec SET idem:idem-pay-01 {"status":201,"body":{"chargeId":"ch_22","amount":1000,"... -> OK',
    ]);
  });

  it('kafka-eos: D, the late retry is one more record', async () => {
    const outcome = await runMechanism('06-key-forgotten', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(
      storyOf(outcome, 'pay-01', ['rpc.timeout', 'psp.charge', 'kafka.append', 'kafka.consume'], {
        toMs: 8000,
      }),
    ).toEqual([
      '3024.909 kafka.append p1@0',
      '3026.694 kafka.consume consumer-1 p1@0 gen 2',
      '3099.928 psp.charge ch_1',
      '4015.899 rpc.timeout client->lb POST /payments',
      '7479.415 kafka.append p1@6',
      '7479.858 kafka.consume consumer-1 p1@6 gen 2',
      '7544.396 psp.charge ch_22',
    ]);
  });
});

describe('07-redis-failover: a Redis failover loses acknowledged writes', () => {
  it('redis-setnx: D, the promoted replica has no key; and F, charged while no Redis answers', async () => {
    const outcome = await runMechanism('07-redis-failover', 'redis-setnx', 7);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: [
        'pay-03',
        'pay-05',
        'pay-04',
        'pay-06',
        'pay-07',
        'pay-10',
        'pay-19',
        'pay-13',
        'pay-25',
        'pay-26',
        'pay-40',
        'pay-30',
      ],
      chargedButFailed: ['pay-13'],
    });
    const types = ['rpc.timeout', 'psp.charge', 'redis.exec', 'redis.failover', 'redis.boot'];
    expect(storyOf(outcome, 'pay-03', types, { toMs: 2000 })).toEqual([
      '344.263 redis.exec SET idem:idem-pay-03 in-progress PX 10000 NX -> OK',
      '433.983 psp.charge ch_3',
      '441.293 redis.exec SET idem:idem-pay-03 {"status":201,"body":{"chargeId":"ch_3","amount":1000,"c... -> OK',
      '1000 redis.failover redis kept 0 lost 13', // the replica trails by 1 s
      '1341.102 rpc.timeout client->lb POST /payments',
      '1500 redis.boot redis from replica keys 0',
      '1597.045 redis.exec SET idem:idem-pay-03 in-progress PX 10000 NX -> OK',
      '1686.557 psp.charge ch_10',
      '1691.278 redis.exec SET idem:idem-pay-03 {"status":201,"body":{"chargeId":"ch_10","amount":1000,"... -> OK',
    ]);
    const failedTypes = [
      'rpc.call',
      'psp.charge',
      'redis.exec',
      'redis.failover',
      'redis.boot',
      'service.error',
    ];
    expect(
      storyOf(outcome, 'pay-13', failedTypes, { callers: ['client', 'service-1'], fromMs: 3900, toMs: 4600 }),
    ).toEqual([
      '3958.831 rpc.call client->lb POST /payments',
      '3960.312 rpc.call service-1->redis redis.command',
      '3961.57 redis.exec SET idem:idem-pay-13 in-progress PX 10000 NX -> OK',
      '3962.556 rpc.call service-1->psp charge',
      '4000 redis.failover redis kept 0 lost 37',
      '4029.005 psp.charge ch_48',
      '4029.673 rpc.call service-1->postgres pg.query',
      '4031.398 rpc.call service-1->redis redis.command', // caching the result: nobody answers
      '4032.771 service.error service-1 CallRefusedError: redis refused the connection',
      '4500 redis.boot redis from replica keys 0',
    ]);
    expect(attemptsOf(outcome, 'pay-13')).toEqual([
      '1.1 idem-pay-13 1000 -> 503',
      '1.2 idem-pay-13 1000 -> 503',
      '1.3 idem-pay-13 1000 -> no answer',
      '1.4 idem-pay-13 1000 -> 500', // its last word: failed; it paid twice
    ]);
  });

  it.each(['db-naive', 'db-atomic'])('%s: ok, its keys are not in Redis', async (strategy) => {
    expect(harmsOf(await runMechanism('07-redis-failover', strategy, 7))).toEqual(NO_HARM);
  });
});

describe('08-redis-restart: Redis restarts without persistence', () => {
  it('redis-setnx: D, the restarted Redis is empty and the retry takes the lock again', async () => {
    const outcome = await runMechanism('08-redis-restart', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: [
        'pay-07',
        'pay-12',
        'pay-13',
        'pay-23',
        'pay-14',
        'pay-26',
        'pay-31',
        'pay-32',
        'pay-34',
        'pay-35',
        'pay-36',
      ],
    });
    const types = ['rpc.timeout', 'psp.charge', 'redis.exec', 'redis.crash', 'redis.boot'];
    expect(storyOf(outcome, 'pay-07', types, { toMs: 2300 })).toEqual([
      '399.961 redis.exec SET idem:idem-pay-07 in-progress PX 10000 NX -> OK',
      '483.869 psp.charge ch_7',
      '487.396 redis.exec SET idem:idem-pay-07 {"status":201,"body":{"chargeId":"ch_7","amount":1000,"c... -> OK',
      '1395.953 rpc.timeout client->lb POST /payments',
      '1500 redis.crash redis process persistence none kept 0',
      '2000 redis.boot redis from nothing keys 0',
      '2196.224 redis.exec SET idem:idem-pay-07 in-progress PX 10000 NX -> OK',
      '2261.794 psp.charge ch_21',
      '2268.455 redis.exec SET idem:idem-pay-07 {"status":201,"body":{"chargeId":"ch_21","amount":1000,"... -> OK',
    ]);
  });

  it.each(['db-naive', 'db-atomic'])('%s: ok, its keys are not in Redis', async (strategy) => {
    expect(harmsOf(await runMechanism('08-redis-restart', strategy, 1))).toEqual(NO_HARM);
  });
});

describe('09-redis-eviction: eviction under memory pressure', () => {
  it('redis-setnx: D, volatile-lru evicts the TTL-carrying key, and the next retry charges again', async () => {
    const outcome = await runMechanism('09-redis-eviction', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: ['pay-29', 'pay-41', 'pay-45', 'pay-46', 'pay-54', 'pay-58', 'pay-60'],
    });
    expect(storyOf(outcome, 'pay-29', ['rpc.timeout', 'psp.charge', 'redis.exec', 'redis.evict'])).toEqual([
      '2473.758 redis.exec SET idem:idem-pay-29 in-progress PX 10000 NX -> OK',
      '2567.353 psp.charge ch_29',
      '2572.171 redis.exec SET idem:idem-pay-29 {"status":201,"body":{"chargeId":"ch_29","amount":1000,"... -> OK',
      '3469.438 rpc.timeout client->lb POST /payments',
      '3628.267 redis.exec SET idem:idem-pay-29 in-progress PX 10000 NX -> (nil)',
      '3630.225 redis.exec GET idem:idem-pay-29 -> {"status":201,"body":{"chargeId":"ch_29","amount":1000,"currency":"EUR","stat...',
      '4624.73 rpc.timeout client->lb POST /payments',
      '5051.456 redis.exec SET idem:idem-pay-29 in-progress PX 10000 NX -> (nil)',
      '5053.736 redis.exec GET idem:idem-pay-29 -> {"status":201,"body":{"chargeId":"ch_29","amount":1000,"currency":"EUR","stat...',
      '5573.895 redis.evict idem:idem-pay-29',
      '6048.685 rpc.timeout client->lb POST /payments',
      '6758.832 redis.exec SET idem:idem-pay-29 in-progress PX 10000 NX -> OK',
      '6829.733 psp.charge ch_65',
      '6833.822 redis.exec SET idem:idem-pay-29 {"status":201,"body":{"chargeId":"ch_65","amount":1000,"... -> OK',
    ]);
  });

  it.each(['db-naive', 'db-atomic'])('%s: ok, its keys are not in Redis', async (strategy) => {
    expect(harmsOf(await runMechanism('09-redis-eviction', strategy, 1))).toEqual(NO_HARM);
  });
});
