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
  it('none: ok in this scenario, the partition does not reach it and nothing makes the client retry', async () => {
    const outcome = await runMechanism('10-store-partition', 'none', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(outcome.history.attempts.every((attempt) => attempt.attempt === 1 && attempt.status === 201)).toBe(
      true,
    );
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
      '921.589 pg.begin service-1/tx10',
      '922.755 rpc.call service-1->postgres pg.query', // SELECT: no row
      '928.525 rpc.call service-1->psp charge',
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
      '1005.336 psp.charge ch_10',
      '1006.254 rpc.call service-1->postgres pg.query', // INSERT
      '1006.254 msg.drop service-1->postgres pg.query request (partition)',
      '1506.254 rpc.timeout service-1->postgres pg.query', // the statement fails: timeout
      '1506.254 rpc.call service-1->postgres pg.query', // ROLLBACK
      '1506.254 msg.drop service-1->postgres pg.query request (partition)',
      '2006.254 rpc.timeout service-1->postgres pg.query',
      '2006.254 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
    ]);
    expect(
      storyOf(outcome, 'pay-10', ['psp.charge', 'net.heal', 'pg.begin', 'pg.commit', 'pg.rollback'], {
        fromMs: 2100,
      }),
    ).toEqual([
      ...HEALED.map((line) => `4002.197 ${line}`),
      '4044.421 pg.begin service-1/tx63', // the retry finds no row
      '4277.862 psp.charge ch_15',
      '4283.552 pg.commit service-1/tx63',
    ]);
    // The server never hears the ROLLBACK: tx10 has no pg.rollback (nor commit) in the whole run.
    expect(storyOf(outcome, 'pay-10', ['pg.rollback', 'pg.commit'])).toEqual([
      '4283.552 pg.commit service-1/tx63',
    ]);
  });

  it('db-atomic: fails closed (5xx), no D: the retries fail until the partition heals, then get the stored answer', async () => {
    const outcome = await runMechanism('10-store-partition', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-10')).toEqual([
      '1.1 idem-pay-10 1000 -> 503', // charged; the write of its answer timed out: unknown, not failed
      '1.2 idem-pay-10 1000 -> 500', // the claim itself times out: an unhandled error
      '1.3 idem-pay-10 1000 -> 500',
      '1.4 idem-pay-10 1000 -> 201',
    ]);
    expect(storyOf(outcome, 'pay-10', ['psp.charge', 'net.partition', 'service.error'])).toEqual([
      '998.948 psp.charge ch_10',
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
      '2351.501 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
      '3397.619 service.error service-1 CallTimeoutError: call to postgres timed out; its outcome is unknown',
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
      '922.137 rpc.call service-1->psp charge',
      '998.948 psp.charge ch_10',
      '999.866 rpc.call service-1->postgres pg.query', // the UPDATE that records the answer
      '1002.197 net.partition service-1 | postgres,redis',
      '1002.197 net.partition consumer-1,consumer-2 | kafka',
      '1002.739 msg.drop service-1->postgres pg.query reply (partition)', // done, but the service cannot know
      '1499.866 rpc.timeout service-1->postgres pg.query', // answered 503 here, no service.error
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
      '1.4 idem-pay-10 1000 -> 503',
      '1.5 idem-pay-10 1000 -> 201',
    ]);
    expect(chargesOf(outcome, 'pay-10')).toEqual(['ch_10 1000 no key']);
  });

  it('redis-setnx, failing open: D, a retry charges without the lock while Redis is unreachable', async () => {
    const outcome = await runMechanism('10-store-partition', 'redis-setnx', 1, {
      whenUnavailable: 'fail-open',
    });
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-10', 'pay-11'] });
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
      '998.386 rpc.call service-1->redis redis.command',
      '999.755 redis.exec SET idem:idem-pay-10 {"status":201,"body":{"chargeId":"ch_10","amount":1000,"... -> OK',
      '1000 net.partition service-1 | postgres,redis',
      '1000 net.partition consumer-1,consumer-2 | kafka',
      '1000.583 msg.drop service-1->redis redis.command reply (partition)',
      '1298.386 rpc.timeout service-1->redis redis.command',
      '1298.386 service.error service-1 CallTimeoutError: call to redis timed out; its outcome is unknown', // 500
      '1646.886 rpc.call client->lb POST /payments',
      '1648.227 rpc.call service-1->redis redis.command', // SET NX
      '1648.227 msg.drop service-1->redis redis.command request (partition)',
      '1948.227 rpc.timeout service-1->redis redis.command',
      '1948.227 rpc.call service-1->psp charge', // fail open: charge unprotected
      '2092.913 psp.charge ch_20',
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
      '34120.589 kafka.consume consumer-1 p0@3 gen 2', // its offset commit waited out a 30 s request timeout
      '34246.517 psp.charge ch_12',
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
      '401.072 pg.begin service-1/tx7',
      '487.64 psp.charge ch_7',
      '491.385 pg.commit service-1/tx7',
      '1398.15 rpc.timeout client->lb POST /payments',
      '1633.114 pg.begin service-1/tx21', // SELECT finds the row: no charge, the stored 201 for 1000
      '1635.957 pg.commit service-1/tx21',
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
      '485.864 redis.exec SET idem:idem-pay-07 {"status":201,"body":{"chargeId":"ch_7","amount":1000,"c... -> OK',
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
      '3530.439 psp.charge ch_7',
      '4411.852 rpc.timeout client->lb POST /payments',
      '4646.218 kafka.append p1@7',
      '5045.601 psp.charge ch_21',
    ]);
    expect(chargesOf(outcome, 'pay-07')).toEqual(['ch_7 1000 no key', 'ch_21 1500 no key']);
  });
});
