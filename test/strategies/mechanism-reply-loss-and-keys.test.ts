/**
 * The provider's reply is lost and the call times out (12-provider-reply-lost), and a client
 * that mints a new key for every retry (13-new-key-per-retry). One pinned seed per strategy; each
 * violation shows its reason in the trace of one affected payment.
 */
import { describe, expect, it } from 'vitest';
import { storyOf } from './trace-story.js';
import { attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

const TIMED_OUT = 'service.error service-1 CallTimeoutError: call to psp timed out; its outcome is unknown';
const REPLY_LOST = 'msg.drop service-1->psp charge reply (loss)';

describe('12-provider-reply-lost: the provider call times out and the code records it as a failure', () => {
  const doubleCharged = ['pay-01', 'pay-05', 'pay-07', 'pay-10', 'pay-12', 'pay-20'];
  const failedThrice = [
    '1.1 idem-pay-01 1000 -> 500',
    '1.2 idem-pay-01 1000 -> 500',
    '1.3 idem-pay-01 1000 -> 500',
    '1.4 idem-pay-01 1000 -> 201',
  ];

  it('none: D, the 500 makes the client retry, and the retry charges again', async () => {
    const outcome = await runMechanism('12-provider-reply-lost', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(attemptsOf(outcome, 'pay-01')).toEqual(failedThrice);
    expect(storyOf(outcome, 'pay-01', ['psp.charge', 'msg.drop', 'service.error'], { toMs: 4400 })).toEqual([
      '75.132 psp.charge ch_1',
      `75.132 ${REPLY_LOST}`,
      `2001.65 ${TIMED_OUT}`,
      '2582.737 psp.charge ch_13',
      `2582.737 ${REPLY_LOST}`,
      `4352.346 ${TIMED_OUT}`,
    ]);
    expect(chargesOf(outcome, 'pay-01')).toHaveLength(4);
  });

  it('db-naive: D, the timeout rolls the transaction back, so the retry finds no row and charges again', async () => {
    const outcome = await runMechanism('12-provider-reply-lost', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(attemptsOf(outcome, 'pay-01')).toEqual(failedThrice);
    const types = [
      'rpc.timeout',
      'psp.charge',
      'msg.drop',
      'pg.begin',
      'pg.commit',
      'pg.rollback',
      'service.error',
    ];
    expect(storyOf(outcome, 'pay-01', types, { callers: ['service-1'], toMs: 4400 })).toEqual([
      '5.406 pg.begin service-1/tx1',
      '84.569 psp.charge ch_1',
      `84.569 ${REPLY_LOST}`,
      '2011.087 rpc.timeout service-1->psp charge',
      '2012.331 pg.rollback service-1/tx1 client', // the exception rolls back: no row
      `2013.742 ${TIMED_OUT}`,
      '2365.174 pg.begin service-1/tx13',
      '2599.336 psp.charge ch_13',
      `2599.336 ${REPLY_LOST}`,
      '4368.945 rpc.timeout service-1->psp charge',
      '4371.84 pg.rollback service-1/tx13 client',
      `4373.286 ${TIMED_OUT}`,
    ]);
  });

  it('db-atomic: ok*, 503 keeps the claim; every retry re-sends the same key and the provider replays its charge', async () => {
    const outcome = await runMechanism('12-provider-reply-lost', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-01')).toEqual([
      '1.1 idem-pay-01 1000 -> 503',
      '1.2 idem-pay-01 1000 -> 503',
      '1.3 idem-pay-01 1000 -> 503',
      '1.4 idem-pay-01 1000 -> 503',
      '1.5 idem-pay-01 1000 -> 201',
    ]);
    expect(
      storyOf(outcome, 'pay-01', ['psp.charge', 'psp.key', 'msg.drop'], { callers: ['service-1'] }),
    ).toEqual([
      '79.687 psp.charge ch_1',
      `79.687 ${REPLY_LOST}`,
      '2368.262 psp.key payment:idem-pay-01 replay',
      `2368.262 ${REPLY_LOST}`, // one reply in three is lost, replays too
      '4903.53 psp.key payment:idem-pay-01 replay',
      `4903.53 ${REPLY_LOST}`,
      '8756.03 psp.key payment:idem-pay-01 replay',
      `8756.03 ${REPLY_LOST}`,
      '13143.306 psp.key payment:idem-pay-01 replay',
    ]);
    expect(chargesOf(outcome, 'pay-01')).toEqual(['ch_1 1000 payment:idem-pay-01']);
  });

  it('redis-setnx: F then D after the TTL, and S while the lock holds', async () => {
    const outcome = await runMechanism('12-provider-reply-lost', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: ['pay-01', 'pay-05', 'pay-07', 'pay-10', 'pay-12', 'pay-13', 'pay-15'],
      chargedButFailed: ['pay-07'],
      stuck: ['pay-13', 'pay-15'],
    });
    // D: told 500 after charging, then 409 until the 5 s lock expires, then charged again.
    expect(attemptsOf(outcome, 'pay-01')).toEqual([
      '1.1 idem-pay-01 1000 -> 500',
      '1.2 idem-pay-01 1000 -> 409',
      '1.3 idem-pay-01 1000 -> 409',
      '1.4 idem-pay-01 1000 -> 409',
      '1.5 idem-pay-01 1000 -> 201',
    ]);
    expect(storyOf(outcome, 'pay-01', ['psp.charge', 'msg.drop', 'redis.exec', 'service.error'])).toEqual([
      '2.586 redis.exec SET idem:idem-pay-01 in-progress PX 5000 NX -> OK',
      '77.398 psp.charge ch_1',
      `77.398 ${REPLY_LOST}`,
      `2003.916 ${TIMED_OUT}`, // 500, and the lock stays
      '2355.604 redis.exec SET idem:idem-pay-01 in-progress PX 5000 NX -> (nil)',
      '2357.973 redis.exec GET idem:idem-pay-01 -> in-progress',
      '2949.982 redis.exec SET idem:idem-pay-01 in-progress PX 5000 NX -> (nil)',
      '2951.825 redis.exec GET idem:idem-pay-01 -> in-progress',
      '4002.549 redis.exec SET idem:idem-pay-01 in-progress PX 5000 NX -> (nil)',
      '4003.716 redis.exec GET idem:idem-pay-01 -> in-progress',
      '6178.887 redis.exec SET idem:idem-pay-01 in-progress PX 5000 NX -> OK', // the lock expired at 5002.586
      '6243.904 psp.charge ch_22',
      '6248.961 redis.exec SET idem:idem-pay-01 {"status":201,"body":{"chargeId":"ch_22","amount":1000,"... -> OK',
    ]);
    // F: every charge's reply was lost, and the client's last answer was 500.
    expect(attemptsOf(outcome, 'pay-07').at(-1)).toBe('1.6 idem-pay-07 1000 -> 500');
    expect(storyOf(outcome, 'pay-07', ['psp.charge', 'msg.drop', 'service.error'])).toEqual([
      '879.547 psp.charge ch_7',
      `879.547 ${REPLY_LOST}`,
      `2796.457 ${TIMED_OUT}`,
      '8201.599 psp.charge ch_23',
      `8201.599 ${REPLY_LOST}`,
      `10119.114 ${TIMED_OUT}`,
      '13692.542 psp.charge ch_28',
      `13692.542 ${REPLY_LOST}`,
      `15614.551 ${TIMED_OUT}`,
    ]);
    // S: the last attempt finds the lock of the attempt before it, which timed out, and gives up on 409.
    expect(attemptsOf(outcome, 'pay-13').slice(-2)).toEqual([
      '1.5 idem-pay-13 1000 -> 500',
      '1.6 idem-pay-13 1000 -> 409',
    ]);
    expect(
      storyOf(outcome, 'pay-13', ['psp.charge', 'redis.exec', 'service.error'], { fromMs: 10_000 }),
    ).toEqual([
      '10566.175 redis.exec SET idem:idem-pay-13 in-progress PX 5000 NX -> OK',
      '10689.244 psp.charge ch_26',
      `12567.476 ${TIMED_OUT}`,
      '15020.893 redis.exec SET idem:idem-pay-13 in-progress PX 5000 NX -> (nil)',
      '15022.588 redis.exec GET idem:idem-pay-13 -> in-progress',
    ]);
  });

  it('kafka-eos: D, the consumer treats the timeout as an error, seeks back and charges the record again', async () => {
    const outcome = await runMechanism('12-provider-reply-lost', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: ['pay-02', 'pay-09', 'pay-05', 'pay-16', 'pay-14', 'pay-19', 'pay-20', 'pay-12'],
    });
    const types = [
      'psp.charge',
      'msg.drop',
      'kafka.append',
      'kafka.consume',
      'kafka.handler-error',
      'kafka.handled',
      'kafka.commit',
    ];
    expect(storyOf(outcome, 'pay-02', types)).toEqual([
      '3045.714 kafka.append p0@0',
      '3110.72 kafka.consume consumer-1 p0@0 gen 2',
      '3207.609 psp.charge ch_2',
      '3207.609 msg.drop consumer-1->psp charge reply (loss)',
      '5110.72 kafka.handler-error consumer-1 p0@0 CallTimeoutError',
      '5110.72 kafka.handled consumer-1 p0@0 error',
      '5211.814 kafka.consume consumer-1 p0@0 gen 2',
      '5293.333 psp.charge ch_6',
      '5296.41 kafka.handled consumer-1 p0@0 ok',
      '5297.015 kafka.commit consumer-1-1 p0 next 1',
    ]);
  });
});

describe('13-new-key-per-retry: the client mints a new key for every retry', () => {
  const newKeys = ['1.1 idem-pay-01-1-1 1000 -> no answer', '1.2 idem-pay-01-1-2 1000 -> 20x'];

  it.each([
    [
      'none',
      201,
      ['75.132 psp.charge ch_1', '1000 rpc.timeout client->lb POST /payments', '1176.415 psp.charge ch_8'],
    ],
    [
      'db-naive',
      201,
      [
        '84.569 psp.charge ch_1',
        '1002.197 rpc.timeout client->lb POST /payments',
        '1185.341 psp.charge ch_8',
      ],
    ],
    [
      'db-atomic',
      201,
      [
        '79.687 psp.charge ch_1',
        '1002.197 rpc.timeout client->lb POST /payments',
        '1179.881 psp.charge ch_8',
      ],
    ],
    [
      'redis-setnx',
      201,
      [
        '2.586 redis.exec SET idem:idem-pay-01-1-1 in-progress PX 10000 NX -> OK',
        '77.398 psp.charge ch_1',
        '81.694 redis.exec SET idem:idem-pay-01-1-1 {"status":201,"body":{"chargeId":"ch_1","amount":100... -> OK',
        '1000 rpc.timeout client->lb POST /payments',
        '1078.882 redis.exec SET idem:idem-pay-01-1-2 in-progress PX 10000 NX -> OK', // another key: a free lock
        '1178.262 psp.charge ch_8',
        '1182.885 redis.exec SET idem:idem-pay-01-1-2 {"status":201,"body":{"chargeId":"ch_8","amount":100... -> OK',
      ],
    ],
    // kafka-eos's times include its warm-up (3015.899 ms: the consumer group forms before any traffic).
    [
      'kafka-eos',
      202,
      [
        '3024.909 kafka.append p0@0',
        '3099.928 psp.charge ch_1',
        '4015.899 rpc.timeout client->lb POST /payments',
        '4095.262 kafka.append p2@2',
        '4194.931 psp.charge ch_8',
      ],
    ],
  ] as const)('%s: D, two charges under two different keys', async (strategy, status, story) => {
    const outcome = await runMechanism('13-new-key-per-retry', strategy, 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-01', 'pay-05', 'pay-07', 'pay-10'] });
    expect(attemptsOf(outcome, 'pay-01')).toEqual(newKeys.map((line) => line.replace('20x', String(status))));
    expect(
      storyOf(outcome, 'pay-01', ['psp.charge', 'redis.exec', 'kafka.append', 'rpc.timeout'], {
        toMs: outcome.startMs + 2000,
      }),
    ).toEqual(story);
    const providerKeys =
      strategy === 'db-atomic'
        ? ['payment:idem-pay-01-1-1', 'payment:idem-pay-01-1-2']
        : ['no key', 'no key'];
    expect(chargesOf(outcome, 'pay-01')).toEqual([
      `ch_1 1000 ${providerKeys[0]}`,
      `ch_8 1000 ${providerKeys[1]}`,
    ]);
  });
});
