/**
 * The same request arrives again while the first is still being charged: a client retry after
 * its timeout (02-client-timeout-retry), a double submit (03-double-submit), a gateway retry
 * (14-gateway-retries). Each strategy shows its catalogue outcome on one pinned seed, and each violation shows its reason in the trace
 * of one affected payment. db-naive's statements are not named in the trace (it records no SQL):
 * in each of its transactions the pg.query calls are, in order, BEGIN, SELECT, INSERT INTO payments,
 * INSERT the key, COMMIT or ROLLBACK, and it calls the provider only after its SELECT found no row.
 */
import { describe, expect, it } from 'vitest';
import { answersOf, attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';
import { storyOf } from './trace-story.js';

const PG_STORY = [
  'rpc.call',
  'rpc.timeout',
  'pg.begin',
  'pg.commit',
  'pg.rollback',
  'pg.error',
  'pg.wait',
  'psp.charge',
  'service.error',
];
const DUPLICATE_KEY =
  'service.error service-1 DatabaseError: duplicate key value violates unique constraint "idempotency_keys_pkey"';

describe('02-client-timeout-retry: client timeout shorter than the provider, retry while the first attempt is charging', () => {
  it('none: D, the retry charges while the first charge is still running', async () => {
    const outcome = await runMechanism('02-client-timeout-retry', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-18', 'pay-13', 'pay-19'] });
    expect(
      storyOf(outcome, 'pay-18', ['rpc.call', 'rpc.timeout', 'psp.charge'], {
        callers: ['client', 'service-1'],
      }),
    ).toEqual([
      '3237.524 rpc.call client->lb POST /payments',
      '3243.251 rpc.call service-1->psp charge',
      '4237.524 rpc.timeout client->lb POST /payments', // the first charge is still running
      '4273.95 psp.charge ch_18',
      '4276.454 rpc.call service-1->postgres pg.query',
      '4530.799 rpc.call client->lb POST /payments',
      '4533.625 rpc.call service-1->psp charge',
      '4600.622 psp.charge ch_20',
      '4603.271 rpc.call service-1->postgres pg.query',
    ]);
  });

  it("db-naive: D, the retry's SELECT sees nothing yet; the first attempt's INSERT then fails with 23505", async () => {
    const outcome = await runMechanism('02-client-timeout-retry', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-13'] });
    expect(storyOf(outcome, 'pay-13', PG_STORY, { callers: ['client', 'service-1'] })).toEqual([
      '2663.32 rpc.call client->lb POST /payments',
      '2669.308 rpc.call service-1->postgres pg.query', // BEGIN
      '2671.351 pg.begin service-1/tx13',
      '2672.778 rpc.call service-1->postgres pg.query', // SELECT: no row
      '2683.851 rpc.call service-1->psp charge', // a charge with a 4.8 s tail
      '3663.32 rpc.timeout client->lb POST /payments',
      '4009.256 rpc.call client->lb POST /payments', // the retry, same key
      '4013.206 rpc.call service-1->postgres pg.query', // BEGIN
      '4017.527 pg.begin service-1/tx21',
      '4022.142 rpc.call service-1->postgres pg.query', // SELECT: still no row, tx13 has not inserted
      '4028.389 rpc.call service-1->psp charge',
      '4392.086 psp.charge ch_19', // the retry's charge
      '4393.512 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '4401.187 rpc.call service-1->postgres pg.query', // INSERT the key
      '4405.431 rpc.call service-1->postgres pg.query', // COMMIT
      '4408.466 pg.commit service-1/tx21',
      '7457.034 psp.charge ch_21', // the first attempt's charge lands
      '7459.785 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '7463.691 rpc.call service-1->postgres pg.query', // INSERT the key
      '7465.11 pg.error service-1/tx13 23505',
      '7465.11 pg.rollback service-1/tx13 error',
      '7467.722 rpc.call service-1->postgres pg.query', // ROLLBACK
      `7471.984 ${DUPLICATE_KEY}`,
    ]);
  });

  it('db-atomic: ok, the retries get 409 while the claim is in flight, then the stored answer', async () => {
    const outcome = await runMechanism('02-client-timeout-retry', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-13')).toEqual([
      '1.1 idem-pay-13 1000 -> no answer',
      '1.2 idem-pay-13 1000 -> 409',
      '1.3 idem-pay-13 1000 -> 409',
      '1.4 idem-pay-13 1000 -> 409',
      '1.5 idem-pay-13 1000 -> 201',
    ]);
    expect(chargesOf(outcome, 'pay-13')).toEqual(['ch_20 1000 payment:idem-pay-13']);
  });

  it('redis-setnx: E, no D: SET NX denies the retry the lock, but answers it 200 "in-progress" before the first attempt charges', async () => {
    const outcome = await runMechanism('02-client-timeout-retry', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, toldPaidEarly: ['pay-13'] });
    expect(answersOf(outcome, 'pay-13')).toEqual(['1.2 -> 200 sent at 4015.704']); // ch_20 comes at 7441
    expect(storyOf(outcome, 'pay-13', ['rpc.timeout', 'redis.exec', 'psp.charge'])).toEqual([
      '2666.56 redis.exec SET idem:idem-pay-13 in-progress PX 10000 NX -> OK',
      '3658.926 rpc.timeout client->lb POST /payments',
      '4010.777 redis.exec SET idem:idem-pay-13 in-progress PX 10000 NX -> (nil)',
      '4014.875 redis.exec GET idem:idem-pay-13 -> in-progress', // the guide's code answers 200 "in-progress"
      '7441.242 psp.charge ch_20',
      '7451.513 redis.exec SET idem:idem-pay-13 {"status":201,"body":{"chargeId":"ch_20","amount":1000,"... -> OK',
    ]);
  });

  it('kafka-eos: D, each retry is a new record, and each record is charged', async () => {
    const outcome = await runMechanism('02-client-timeout-retry', 'kafka-eos', 1);
    expect(harmsOf(outcome).doubleCharged).toHaveLength(13);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    expect(
      storyOf(outcome, 'pay-08', ['rpc.timeout', 'kafka.append', 'kafka.consume', 'psp.charge']),
    ).toEqual([
      '4628.039 kafka.append p0@2',
      '4629.212 kafka.consume consumer-1 p0@2 gen 2',
      '4912.099 psp.charge ch_8',
      '5622.811 rpc.timeout client->lb POST /payments', // the slow partition leader held the ack
      '5974.547 kafka.append p0@4',
      '6968.747 rpc.timeout client->lb POST /payments',
      '7681.525 kafka.append p0@12',
      '10558.15 kafka.consume consumer-1 p0@4 gen 2',
      '10626.222 psp.charge ch_22',
      '13345.813 kafka.consume consumer-1 p0@12 gen 2',
      '13422.98 psp.charge ch_30',
    ]);
  });
});

describe('03-double-submit: concurrent duplicates, a double submit 50 ms apart on two instances', () => {
  const doubleCharged = ['pay-02', 'pay-05', 'pay-15', 'pay-18', 'pay-19', 'pay-23', 'pay-29', 'pay-30'];

  it('none: D, both submissions charge', async () => {
    const outcome = await runMechanism('03-double-submit', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(
      storyOf(outcome, 'pay-02', ['rpc.call', 'psp.charge'], {
        callers: ['client', 'service-1', 'service-2'],
      }),
    ).toEqual([
      '13.212 rpc.call client->lb POST /payments',
      '15.971 rpc.call service-2->psp charge',
      '63.212 rpc.call client->lb POST /payments', // the second click
      '65.836 rpc.call service-1->psp charge',
      '113.446 psp.charge ch_2',
      '121.47 rpc.call service-2->postgres pg.query',
      '182.556 psp.charge ch_3',
      '183.942 rpc.call service-1->postgres pg.query',
    ]);
  });

  it("db-naive: D, both SELECTs before either INSERT, two charges, the loser's INSERT fails with 23505", async () => {
    const outcome = await runMechanism('03-double-submit', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged });
    expect(storyOf(outcome, 'pay-02', PG_STORY, { callers: ['service-1', 'service-2'], toMs: 210 })).toEqual([
      '18.168 rpc.call service-2->postgres pg.query', // BEGIN
      '19.129 pg.begin service-2/tx1',
      '19.443 rpc.call service-2->postgres pg.query', // SELECT: no row
      '22.639 rpc.call service-2->psp charge',
      '68.033 rpc.call service-1->postgres pg.query', // BEGIN
      '68.271 pg.begin service-1/tx2',
      '69.801 rpc.call service-1->postgres pg.query', // SELECT: no row either
      '70.775 rpc.call service-1->psp charge',
      '120.114 psp.charge ch_2',
      '128.138 rpc.call service-2->postgres pg.query', // INSERT INTO payments
      '132.878 rpc.call service-2->postgres pg.query', // INSERT the key: the first of the two
      '135.185 rpc.call service-2->postgres pg.query', // COMMIT
      '136.342 pg.commit service-2/tx1',
      '187.495 psp.charge ch_3', // the loser has charged too
      '188.881 rpc.call service-1->postgres pg.query', // INSERT INTO payments
      '192.422 rpc.call service-1->postgres pg.query', // INSERT the key
      '194.89 pg.error service-1/tx2 23505', // at once: the winner committed before it arrived
      '194.89 pg.rollback service-1/tx2 error',
      '196.009 rpc.call service-1->postgres pg.query', // ROLLBACK
      `200.221 ${DUPLICATE_KEY}`,
    ]);
    expect(attemptsOf(outcome, 'pay-02')).toEqual([
      '1.1 idem-pay-02 1000 -> 201',
      '2.1 idem-pay-02 1000 -> 500',
      '2.2 idem-pay-02 1000 -> 201', // the retry finds the winner's row
    ]);
  });

  it("db-atomic: ok, the second claim loses and gets 409 until the first one's answer is stored", async () => {
    const outcome = await runMechanism('03-double-submit', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-02')).toEqual([
      '2.1 idem-pay-02 1000 -> 409',
      '2.2 idem-pay-02 1000 -> 409',
      '1.1 idem-pay-02 1000 -> 201',
      '2.3 idem-pay-02 1000 -> 201',
    ]);
    expect(chargesOf(outcome, 'pay-02')).toEqual(['ch_2 1000 payment:idem-pay-02']);
  });

  it('redis-setnx: E, no D: SET NX is atomic, but the second submission is answered 200 "in-progress" before the first one charges', async () => {
    const outcome = await runMechanism('03-double-submit', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      toldPaidEarly: ['pay-02', 'pay-05', 'pay-15', 'pay-18', 'pay-19', 'pay-23', 'pay-29', 'pay-30'],
    });
    expect(attemptsOf(outcome, 'pay-02')).toEqual([
      '2.1 idem-pay-02 1000 -> 200',
      '1.1 idem-pay-02 1000 -> 201',
    ]);
    expect(answersOf(outcome, 'pay-02')).toEqual(['2.1 -> 200 sent at 70.735', '1.1 -> 201 sent at 128.178']);
    expect(storyOf(outcome, 'pay-02', ['redis.exec', 'psp.charge'])).toEqual([
      '17.313 redis.exec SET idem:idem-pay-02 in-progress PX 10000 NX -> OK',
      '67.393 redis.exec SET idem:idem-pay-02 in-progress PX 10000 NX -> (nil)',
      '69.137 redis.exec GET idem:idem-pay-02 -> in-progress',
      '116.736 psp.charge ch_2',
      '126.58 redis.exec SET idem:idem-pay-02 {"status":201,"body":{"chargeId":"ch_2","amount":1000,"c... -> OK',
    ]);
  });

  it("redis-setnx with loserAnswer '409': ok, the second submission is told to retry, and its retry gets the cached 201", async () => {
    const outcome = await runMechanism('03-double-submit', 'redis-setnx', 1, { loserAnswer: '409' });
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-02')).toEqual([
      '2.1 idem-pay-02 1000 -> 409',
      '2.2 idem-pay-02 1000 -> 409',
      '1.1 idem-pay-02 1000 -> 201',
      '2.3 idem-pay-02 1000 -> 201',
    ]);
  });

  it('kafka-eos: D, the two submissions are two records', async () => {
    const outcome = await runMechanism('03-double-submit', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: ['pay-02', 'pay-05', 'pay-18', 'pay-15', 'pay-19', 'pay-23', 'pay-30', 'pay-29'],
    });
    expect(
      storyOf(outcome, 'pay-02', ['rpc.call', 'kafka.append', 'kafka.consume', 'psp.charge'], {
        callers: ['client', 'consumer-1'],
      }),
    ).toEqual([
      '3029.111 rpc.call client->lb POST /payments',
      '3037.135 kafka.append p0@0',
      '3079.111 rpc.call client->lb POST /payments',
      '3082.963 kafka.append p0@1',
      '3109.836 kafka.consume consumer-1 p0@0 gen 2',
      '3109.836 rpc.call consumer-1->psp charge',
      '3206.725 psp.charge ch_2',
      '3207.833 rpc.call consumer-1->postgres pg.query',
      '3210.989 kafka.consume consumer-1 p0@1 gen 2',
      '3210.989 rpc.call consumer-1->psp charge',
      '3336.565 psp.charge ch_4',
      '3337.524 rpc.call consumer-1->postgres pg.query',
    ]);
  });
});

describe('14-gateway-retries: the gateway retries a timeout or 5xx upstream with the same headers', () => {
  it('none: D, the gateway resends while the first charge is running', async () => {
    const outcome = await runMechanism('14-gateway-retries', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-15', 'pay-18', 'pay-13'] });
    expect(
      storyOf(outcome, 'pay-15', ['rpc.call', 'rpc.timeout', 'proxy.retry', 'psp.charge'], {
        callers: ['gateway', 'service-1'],
      }),
    ).toEqual([
      '3087.351 rpc.call gateway->lb POST /payments',
      '3089.122 rpc.call service-1->psp charge',
      '3887.351 rpc.timeout gateway->lb POST /payments',
      '3887.351 proxy.retry gateway attempt 1 got 504',
      '3887.351 rpc.call gateway->lb POST /payments',
      '3889.544 rpc.call service-1->psp charge',
      '3895.24 psp.charge ch_16',
      '3895.653 rpc.call service-1->postgres pg.query',
      '4028.874 psp.charge ch_18',
      '4030.126 rpc.call service-1->postgres pg.query',
    ]);
    expect(attemptsOf(outcome, 'pay-15')).toEqual(['1.1 idem-pay-15 1000 -> 201']); // the client sent it once
  });

  it("db-naive: D as in 02-client-timeout-retry, the gateway's resend finds no row yet; its 23505 answer is retried too", async () => {
    const outcome = await runMechanism('14-gateway-retries', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-15', 'pay-18', 'pay-13'] });
    expect(
      storyOf(outcome, 'pay-15', PG_STORY.filter((type) => type !== 'rpc.call').concat('proxy.retry'), {
        callers: ['gateway'],
      }),
    ).toEqual([
      '3092.574 pg.begin service-1/tx15',
      '3889.548 rpc.timeout gateway->lb POST /payments',
      '3889.548 proxy.retry gateway attempt 1 got 504',
      '3892.278 pg.begin service-1/tx22', // its SELECT finds nothing: tx15 is still charging
      '3901.919 psp.charge ch_16',
      '3907.792 pg.commit service-1/tx15',
      '4033.577 psp.charge ch_18',
      '4039.614 pg.error service-1/tx22 23505',
      '4039.614 pg.rollback service-1/tx22 error',
      `4042.82 ${DUPLICATE_KEY}`,
      '4044.101 proxy.retry gateway attempt 2 got 500',
      '4048.584 pg.begin service-1/tx24', // finds tx15's row and replays it
      '4054.385 pg.commit service-1/tx24',
    ]);
  });

  it("db-atomic: ok, the gateway's resend gets 409 while the claim is in flight", async () => {
    const outcome = await runMechanism('14-gateway-retries', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-15')).toEqual([
      '1.1 idem-pay-15 1000 -> 409',
      '1.2 idem-pay-15 1000 -> 201',
    ]);
    expect(chargesOf(outcome, 'pay-15')).toEqual(['ch_16 1000 payment:idem-pay-15']);
  });

  it('redis-setnx: E, no D: the gateway\'s resend does not get the lock, but is answered 200 "in-progress" before the charge', async () => {
    const outcome = await runMechanism('14-gateway-retries', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, toldPaidEarly: ['pay-13', 'pay-15', 'pay-18', 'pay-19'] });
    expect(answersOf(outcome, 'pay-15')).toEqual(['1.1 -> 200 sent at 3892.99']); // ch_16 comes at 3897
    expect(storyOf(outcome, 'pay-15', ['proxy.retry', 'redis.exec', 'psp.charge'])).toEqual([
      '3089.981 redis.exec SET idem:idem-pay-15 in-progress PX 10000 NX -> OK',
      '3887.351 proxy.retry gateway attempt 1 got 504',
      '3890.527 redis.exec SET idem:idem-pay-15 in-progress PX 10000 NX -> (nil)',
      '3892.576 redis.exec GET idem:idem-pay-15 -> in-progress',
      '3897.091 psp.charge ch_16',
      '3900.847 redis.exec SET idem:idem-pay-15 {"status":201,"body":{"chargeId":"ch_16","amount":1000,"... -> OK',
    ]);
  });

  it("kafka-eos: D, each of the gateway's resends is a new record", async () => {
    const outcome = await runMechanism('14-gateway-retries', 'kafka-eos', 1);
    expect(harmsOf(outcome).doubleCharged).toHaveLength(13);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    expect(storyOf(outcome, 'pay-08', ['kafka.append', 'proxy.retry', 'psp.charge'])).toEqual([
      '4611.466 kafka.append p0@2',
      '5407.637 proxy.retry gateway attempt 1 got 504', // the slow partition leader held the ack
      '5411.312 kafka.append p0@4',
      '5431.556 psp.charge ch_9',
      '6207.637 proxy.retry gateway attempt 2 got 504',
      '6212.571 kafka.append p0@7',
      '6325.903 psp.charge ch_12',
      '7358.35 kafka.append p0@14', // the client's own retry
      '9175.719 psp.charge ch_18',
      '12092.053 psp.charge ch_32',
    ]);
  });
});
