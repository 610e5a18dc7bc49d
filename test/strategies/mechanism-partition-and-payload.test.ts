/**
 * A partition between the service and its store (10-store-partition), and the same key reused
 * with another payload (11-key-reused-other-payload). One pinned seed per strategy; each violation
 * shows its reason in the trace of one affected payment.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { strategyNamed } from '../../src/strategies/registry.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';
import { storyOf } from './trace-story.js';
import { attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

const HEALED = ['net.heal service-1 | postgres,redis', 'net.heal consumer-1,consumer-2 | kafka'];

describe('10-store-partition: a partition between the service and its store', () => {
  it("none: D, every charge's payment record times out in the partition; the 500 after the charge makes the client retry, and each retry charges again", async () => {
    const outcome = await runMechanism('10-store-partition', 'none', 1);
    const payments = Array.from({ length: 30 }, (_, index) => `pay-${String(index + 11).padStart(2, '0')}`);
    expect([...harmsOf(outcome).doubleCharged].sort()).toEqual(payments);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-11')).toEqual([
      '1.1 idem-pay-11 1000 -> 500',
      '1.2 idem-pay-11 1000 -> 500',
      '1.3 idem-pay-11 1000 -> 500',
      '1.4 idem-pay-11 1000 -> 201', // after the partition healed
    ]);
    expect(chargesOf(outcome, 'pay-11')).toEqual([
      'ch_11 1000 no key',
      'ch_21 1000 no key',
      'ch_49 1000 no key',
      'ch_88 1000 no key',
    ]);
    const types = ['rpc.call', 'rpc.timeout', 'msg.drop', 'psp.charge', 'net.partition', 'service.error'];
    expect(storyOf(outcome, 'pay-11', types, { callers: ['client', 'service-1'], toMs: 1600 })).toEqual([
      '944.867 rpc.call client->lb POST /payments',
      '948.074 rpc.call service-1->psp charge',
      '1000 net.partition service-1 | postgres,redis',
      '1000 net.partition consumer-1,consumer-2 | kafka',
      '1076.767 psp.charge ch_11',
      '1077.173 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '1077.173 msg.drop service-1->postgres pg.query request (partition)',
      '1577.173 rpc.timeout service-1->postgres pg.query',
      '1577.173 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown', // 500
    ]);
  });

  it('db-naive: D, the charge completes as the partition strikes; its INSERT and ROLLBACK time out; the retry charges again', async () => {
    const outcome = await runMechanism('10-store-partition', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-10', 'pay-11'] });
    const types = [
      'rpc.call',
      'rpc.timeout',
      'msg.drop',
      'psp.charge',
      'net.partition',
      'net.heal',
      'pg.begin',
      'pg.commit',
      'pg.rollback',
      'service.error',
    ];
    expect(storyOf(outcome, 'pay-10', types, { callers: ['service-1'], toMs: 2100 })).toEqual([
      '920.182 rpc.call service-1->postgres pg.query', // BEGIN
      '920.939 pg.begin service-1/tx10',
      '921.535 rpc.call service-1->postgres pg.query', // SELECT: no row
      '923.559 rpc.call service-1->psp charge',
      '1000.37 psp.charge ch_10',
      '1001.288 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
      '1003.16 msg.drop service-1->postgres pg.query reply (partition)',
      '1501.288 rpc.timeout service-1->postgres pg.query', // the statement fails: timeout
      '1501.288 rpc.call service-1->postgres pg.query', // ROLLBACK
      '1501.288 msg.drop service-1->postgres pg.query request (partition)',
      '2001.288 rpc.timeout service-1->postgres pg.query',
      '2001.288 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
    ]);
    expect(
      storyOf(outcome, 'pay-10', ['psp.charge', 'net.heal', 'pg.begin', 'pg.commit', 'pg.rollback'], {
        fromMs: 2100,
      }),
    ).toEqual([
      ...HEALED.map((line) => `4002.197 ${line}`),
      '4043.36 pg.begin service-1/tx63', // the retry finds no row
      '4276.649 psp.charge ch_15',
      '4282.951 pg.commit service-1/tx63',
    ]);
    // The server never hears the ROLLBACK: tx10 has no pg.rollback (nor commit) in the whole run.
    expect(storyOf(outcome, 'pay-10', ['pg.rollback', 'pg.commit'])).toEqual([
      '4282.951 pg.commit service-1/tx63',
    ]);
  });

  it('db-atomic: fails closed (5xx), no D: the retries fail until the partition heals, then get the stored answer', async () => {
    const outcome = await runMechanism('10-store-partition', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-10')).toEqual([
      '1.1 idem-pay-10 1000 -> 503', // charged; the write of its answer timed out: unknown, not failed
      '1.2 idem-pay-10 1000 -> 503', // the claim itself times out: unknown too, never "failed"
      '1.3 idem-pay-10 1000 -> 503',
      '1.4 idem-pay-10 1000 -> 409',
      '1.5 idem-pay-10 1000 -> 201',
    ]);
    // Every store timeout is answered 503 by the strategy itself: no unhandled error reaches the service.
    expect(storyOf(outcome, 'pay-10', ['psp.charge', 'net.partition', 'service.error'])).toEqual([
      '998.761 psp.charge ch_10',
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
    ]);
    expect(chargesOf(outcome, 'pay-10')).toEqual(['ch_10 1000 payment:idem-pay-10']);
  });

  it('db-atomic: charged, then the write of its answer times out: 503, which the checkers read as unknown, not "told failed"', async () => {
    // One attempt only, so the 503 is the client's last word on pay-10.
    const scenario = bundledScenario('10-store-partition');
    const retry = { ...scenario.client.retry, attemptsMax: 1 };
    const outcome = await runExperiment({
      scenario: { ...scenario, client: { ...scenario.client, retry } },
      strategy: strategyNamed('db-atomic'),
      seed: 1,
    });
    expect(attemptsOf(outcome, 'pay-10')).toEqual(['1.1 idem-pay-10 1000 -> 503']);
    expect(chargesOf(outcome, 'pay-10')).toEqual(['ch_10 1000 payment:idem-pay-10']);
    const types = ['rpc.call', 'rpc.timeout', 'msg.drop', 'psp.charge', 'net.partition', 'service.error'];
    expect(storyOf(outcome, 'pay-10', types, { callers: ['service-1'], toMs: 1600 })).toEqual([
      '920.182 rpc.call service-1->postgres pg.query', // the claim
      '921.95 rpc.call service-1->psp charge',
      '998.761 psp.charge ch_10',
      '999.679 rpc.call service-1->postgres pg.query', // the INSERT that records the payment
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
      '1002.448 msg.drop service-1->postgres pg.query reply (partition)', // done, but the service cannot know
      '1499.679 rpc.timeout service-1->postgres pg.query', // answered 503 here, no service.error
    ]);
    expect(outcome.history.intents.find((intent) => intent.intentId === 'pay-10')?.result).toBe('unknown');
    expect(harmsOf(outcome).chargedButFailed).toEqual([]);
  });

  it('redis-setnx, failing closed (the default): 5xx while Redis is unreachable, no D', async () => {
    const outcome = await runMechanism('10-store-partition', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-10')).toEqual([
      '1.1 idem-pay-10 1000 -> 500', // the result was cached, but its reply was lost in the partition
      '1.2 idem-pay-10 1000 -> 503',
      '1.3 idem-pay-10 1000 -> 503',
      '1.4 idem-pay-10 1000 -> 200',
    ]);
    expect(chargesOf(outcome, 'pay-10')).toEqual(['ch_10 1000 no key']);
  });

  it('redis-setnx, failing open: D, a retry charges without the lock while Redis is unreachable', async () => {
    const outcome = await runMechanism('10-store-partition', 'redis-setnx', 1, {
      whenUnavailable: 'fail-open',
    });
    // As for none: unprotected, and its payment record times out too, so every retry charges again.
    const payments = Array.from({ length: 31 }, (_, index) => `pay-${String(index + 10).padStart(2, '0')}`);
    expect([...harmsOf(outcome).doubleCharged].sort()).toEqual(payments);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    const types = [
      'rpc.call',
      'rpc.timeout',
      'msg.drop',
      'psp.charge',
      'redis.exec',
      'net.partition',
      'service.error',
    ];
    expect(storyOf(outcome, 'pay-10', types, { callers: ['client', 'service-1'] })).toEqual([
      '917.009 rpc.call client->lb POST /payments',
      '917.985 rpc.call service-1->redis redis.command',
      '919.588 redis.exec SET idem:idem-pay-10 in-progress PX 10000 NX -> OK',
      '920.657 rpc.call service-1->psp charge',
      '997.468 psp.charge ch_10',
      '998.386 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '1000 net.partition service-1 | postgres,redis',
      '1000 net.partition consumer-1,consumer-2 | kafka',
      '1000.244 msg.drop service-1->postgres pg.query reply (partition)',
      '1498.386 rpc.timeout service-1->postgres pg.query',
      '1498.386 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown', // 500
      '1846.886 rpc.call client->lb POST /payments',
      '1848.227 rpc.call service-1->redis redis.command', // SET NX
      '1848.227 msg.drop service-1->redis redis.command request (partition)',
      '2148.227 rpc.timeout service-1->redis redis.command',
      '2148.227 rpc.call service-1->psp charge', // fail open: charge unprotected
      '2292.913 psp.charge ch_21',
      '2294.288 rpc.call service-1->postgres pg.query',
      '2294.288 msg.drop service-1->postgres pg.query request (partition)',
      '2794.288 rpc.timeout service-1->postgres pg.query',
      '2794.288 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
      '3385.09 rpc.call client->lb POST /payments',
      '3386.562 rpc.call service-1->redis redis.command',
      '3386.562 msg.drop service-1->redis redis.command request (partition)',
      '3686.562 rpc.timeout service-1->redis redis.command',
      '3686.562 rpc.call service-1->psp charge',
      '3752.141 psp.charge ch_53',
      '3753.21 rpc.call service-1->postgres pg.query',
      '3753.21 msg.drop service-1->postgres pg.query request (partition)',
      '4253.21 rpc.timeout service-1->postgres pg.query',
      '4253.21 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
      '5381.487 rpc.call client->lb POST /payments',
      '5383.51 rpc.call service-1->redis redis.command',
      '5385.348 redis.exec SET idem:idem-pay-10 in-progress PX 10000 NX -> (nil)',
      '5387.176 rpc.call service-1->redis redis.command',
      '5387.859 redis.exec GET idem:idem-pay-10 -> in-progress',
    ]);
  });

  it('kafka-eos: the consumers stall, the payment is charged late, not twice', async () => {
    const outcome = await runMechanism('10-store-partition', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    // The faults start 1 s after the workload, at 4015.899 here (the warm-up took 3015.899 ms).
    expect(
      storyOf(outcome, 'pay-11', [
        'psp.charge',
        'kafka.append',
        'kafka.consume',
        'net.partition',
        'net.heal',
      ]),
    ).toEqual([
      '3964.68 kafka.append p0@3',
      '4015.899 net.partition service-1 | postgres,redis',
      '4015.899 net.partition consumer-1,consumer-2 | kafka',
      ...HEALED.map((line) => `7015.899 ${line}`),
      '34122.791 kafka.consume consumer-1 p0@3 gen 2', // its offset commit waited out a 30 s request timeout
      '34248.719 psp.charge ch_12',
    ]);
    expect(attemptsOf(outcome, 'pay-11')).toEqual(['1.1 idem-pay-11 1000 -> 202']);
  });
});

describe('11-key-reused-other-payload: the same key reused with another payload', () => {
  const doubleCharged = ['pay-01', 'pay-05', 'pay-07', 'pay-12', 'pay-29'];
  const wrongReplays = ['pay-07', 'pay-12', 'pay-29'];
  const retriedWithMore = ['1.1 idem-pay-07 1000 -> no answer', '1.2 idem-pay-07 1500 -> 201'];

  it('none: D, both amounts are charged', async () => {
    const outcome = await runMechanism('11-key-reused-other-payload', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(attemptsOf(outcome, 'pay-07')).toEqual(retriedWithMore);
    expect(storyOf(outcome, 'pay-07', ['rpc.timeout', 'psp.charge'])).toEqual([
      '480.943 psp.charge ch_7',
      '1395.953 rpc.timeout client->lb POST /payments',
      '1736.512 psp.charge ch_20',
    ]);
    expect(chargesOf(outcome, 'pay-07')).toEqual(['ch_7 1000 no key', 'ch_20 1500 no key']);
  });

  it("db-naive: wrong replay, the retry's SELECT finds the key and replays the first answer for the new amount", async () => {
    const outcome = await runMechanism('11-key-reused-other-payload', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, wrongReplays });
    expect(attemptsOf(outcome, 'pay-07')).toEqual(retriedWithMore);
    expect(storyOf(outcome, 'pay-07', ['rpc.timeout', 'psp.charge', 'pg.begin', 'pg.commit'])).toEqual([
      '400.828 pg.begin service-1/tx7',
      '488.347 psp.charge ch_7',
      '496.506 pg.commit service-1/tx7',
      '1398.15 rpc.timeout client->lb POST /payments',
      '1632.183 pg.begin service-1/tx21', // SELECT finds the row: no charge, the stored 201 for 1000
      '1635.856 pg.commit service-1/tx21',
    ]);
    expect(chargesOf(outcome, 'pay-07')).toEqual(['ch_7 1000 no key']);
  });

  it('db-atomic: ok, the fingerprint differs and the retry gets 422', async () => {
    const outcome = await runMechanism('11-key-reused-other-payload', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-07')).toEqual([
      '1.1 idem-pay-07 1000 -> no answer',
      '1.2 idem-pay-07 1500 -> 422',
    ]);
    expect(chargesOf(outcome, 'pay-07')).toEqual(['ch_7 1000 payment:idem-pay-07']);
  });

  it('redis-setnx: wrong replay, SET NX fails and GET returns the first result', async () => {
    const outcome = await runMechanism('11-key-reused-other-payload', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, wrongReplays });
    expect(attemptsOf(outcome, 'pay-07')).toEqual(retriedWithMore);
    expect(storyOf(outcome, 'pay-07', ['rpc.timeout', 'psp.charge', 'redis.exec'])).toEqual([
      '399.961 redis.exec SET idem:idem-pay-07 in-progress PX 10000 NX -> OK',
      '483.869 psp.charge ch_7',
      '487.396 redis.exec SET idem:idem-pay-07 {"status":201,"body":{"chargeId":"ch_7","amount":1000,"c... -> OK',
      '1395.953 rpc.timeout client->lb POST /payments',
      '1630.35 redis.exec SET idem:idem-pay-07 in-progress PX 10000 NX -> (nil)',
      '1631.721 redis.exec GET idem:idem-pay-07 -> {"status":201,"body":{"chargeId":"ch_7","amount":1000,"currency":"EUR","statu...',
    ]);
  });

  it('kafka-eos: D, both payloads are records, and both are charged', async () => {
    const outcome = await runMechanism('11-key-reused-other-payload', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(storyOf(outcome, 'pay-07', ['rpc.timeout', 'psp.charge', 'kafka.append'])).toEqual([
      '3414.496 kafka.append p1@2',
      '3540.47 psp.charge ch_7',
      '4411.852 rpc.timeout client->lb POST /payments',
      '4646.218 kafka.append p1@7',
      '5063.539 psp.charge ch_22',
    ]);
    expect(chargesOf(outcome, 'pay-07')).toEqual(['ch_7 1000 no key', 'ch_22 1500 no key']);
  });
});
