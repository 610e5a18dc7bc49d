/**
 * The service dies after the provider charged (04-crash-after-charge), or its lock or lease runs
 * out while it is still working (05-lease-outlived); and db-atomic's residual window for the
 * crash without provider keys (17-no-provider-keys), closed by reconciliation
 * (18-no-provider-keys-reconciled). One pinned seed per strategy; each
 * violation shows its reason in the trace of one affected payment. db-atomic's statements are
 * not named in the trace: a request's pg.query calls are its claim (INSERT ... ON CONFLICT DO
 * NOTHING), then, when the claim loses, a SELECT of the row, then, when the lease has expired,
 * the takeover (UPDATE ... WHERE lease_until = the expired lease).
 */
import { describe, expect, it } from 'vitest';
import { lineOf, storyOf } from './trace-story.js';
import { attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

const RETRIED_FOUR_TIMES = [
  '1.1 idem-pay-03 1000 -> no answer',
  '1.2 idem-pay-03 1000 -> 409',
  '1.3 idem-pay-03 1000 -> 409',
  '1.4 idem-pay-03 1000 -> 409',
  '1.5 idem-pay-03 1000 -> 201',
];

describe('04-crash-after-charge: the service is killed after the provider charged, before it recorded anything', () => {
  it('none: D, the retry charges again', async () => {
    const outcome = await runMechanism('04-crash-after-charge', 'none', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-03', 'pay-04'] });
    const types = ['rpc.call', 'rpc.timeout', 'psp.charge', 'node.crash', 'node.restart'];
    expect(storyOf(outcome, 'pay-03', types, { callers: ['client', 'service-1'] })).toEqual([
      '191.304 rpc.call client->lb POST /payments',
      '193.624 rpc.call service-1->psp charge',
      '309.193 psp.charge ch_3',
      '310.731 node.crash service-1', // as the provider's reply arrives
      '1191.304 rpc.timeout client->lb POST /payments',
      '1310.731 node.restart service-1',
      '1452.609 rpc.call client->lb POST /payments',
      '1454.215 rpc.call service-1->psp charge',
      '1534.542 psp.charge ch_6',
      '1535.215 rpc.call service-1->postgres pg.query',
    ]);
  });

  it('db-naive: D, the crash rolls the transaction back before its INSERT reached postgres; the retry finds no row', async () => {
    const outcome = await runMechanism('04-crash-after-charge', 'db-naive', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-03', 'pay-04'] });
    const types = [
      'rpc.arrive',
      'rpc.timeout',
      'psp.charge',
      'node.crash',
      'node.restart',
      'pg.begin',
      'pg.commit',
      'pg.rollback',
      'pg.error',
    ];
    expect(storyOf(outcome, 'pay-03', types, { callers: ['service-1'] })).toEqual([
      '198.289 rpc.arrive service-1->postgres pg.query', // BEGIN
      '198.289 pg.begin service-1/tx3',
      '201.538 rpc.arrive service-1->postgres pg.query', // SELECT: no row
      '204.939 rpc.arrive service-1->psp charge',
      '319.189 psp.charge ch_3',
      '320.727 node.crash service-1', // no INSERT or COMMIT ever reaches postgres
      '321.727 pg.rollback service-1/tx3 client-crash', // the server notices the closed socket
      '1320.727 node.restart service-1',
      '1457.614 rpc.arrive service-1->postgres pg.query', // the retry: BEGIN
      '1457.614 pg.begin service-1/tx6',
      '1459.851 rpc.arrive service-1->postgres pg.query', // SELECT: still no row
      '1462.148 rpc.arrive service-1->psp charge',
      '1541.69 psp.charge ch_6',
      '1543.644 rpc.arrive service-1->postgres pg.query', // INSERT INTO payments
      '1547.32 rpc.arrive service-1->postgres pg.query', // INSERT the key
      '1549.34 rpc.arrive service-1->postgres pg.query', // COMMIT
      '1549.34 pg.commit service-1/tx6',
    ]);
  });

  it("db-atomic: ok*, the claim survives the crash; after the lease a retry takes over and the provider replays the key's charge", async () => {
    const outcome = await runMechanism('04-crash-after-charge', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(attemptsOf(outcome, 'pay-03')).toEqual(RETRIED_FOUR_TIMES);
    expect(storyOf(outcome, 'pay-03', ['psp.charge', 'psp.key', 'node.crash', 'node.restart'])).toEqual([
      '313.425 psp.charge ch_3',
      '314.963 node.crash service-1',
      '1314.963 node.restart service-1',
      '5872.777 psp.key payment:idem-pay-03 replay', // the takeover re-sends the same provider key
    ]);
    expect(chargesOf(outcome, 'pay-03')).toEqual(['ch_3 1000 payment:idem-pay-03']);
  });

  it('redis-setnx: D once the TTL frees the key, S (409) until then', async () => {
    const outcome = await runMechanism('04-crash-after-charge', 'redis-setnx', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-03', 'pay-04'] });
    expect(attemptsOf(outcome, 'pay-03')).toEqual(RETRIED_FOUR_TIMES);
    expect(storyOf(outcome, 'pay-03', ['redis.exec', 'psp.charge', 'node.crash', 'node.restart'])).toEqual([
      '194.485 redis.exec SET idem:idem-pay-03 in-progress PX 5000 NX -> OK',
      '311.109 psp.charge ch_3',
      '312.647 node.crash service-1', // before it caches the result: the lock stays "in-progress"
      '1312.647 node.restart service-1',
      '1454.994 redis.exec SET idem:idem-pay-03 in-progress PX 5000 NX -> (nil)',
      '1456.685 redis.exec GET idem:idem-pay-03 -> in-progress',
      '2383.558 redis.exec SET idem:idem-pay-03 in-progress PX 5000 NX -> (nil)',
      '2385.626 redis.exec GET idem:idem-pay-03 -> in-progress',
      '3478.637 redis.exec SET idem:idem-pay-03 in-progress PX 5000 NX -> (nil)',
      '3480.31 redis.exec GET idem:idem-pay-03 -> in-progress',
      '5857.663 redis.exec SET idem:idem-pay-03 in-progress PX 5000 NX -> OK', // the TTL ran out at 5194
      '5987.858 psp.charge ch_11',
      '5991.096 redis.exec SET idem:idem-pay-03 {"status":201,"body":{"chargeId":"ch_11","amount":1000,"... -> OK',
    ]);
  });

  it('kafka-eos: D, the consumer dies before committing its offset and the record is delivered again', async () => {
    const outcome = await runMechanism('04-crash-after-charge', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-02', 'pay-06'] });
    const types = [
      'kafka.append',
      'kafka.consume',
      'kafka.commit',
      'psp.charge',
      'node.crash',
      'node.restart',
      'kafka.member.remove',
      'kafka.rebalance',
    ];
    expect(storyOf(outcome, 'pay-02', types, { toMs: 13_200 })).toEqual([
      '0.619 kafka.rebalance gen 1 consumer-1-1:[0,1,2]',
      '3015.899 kafka.rebalance gen 2 consumer-1-1:[0,1] consumer-2-2:[2]', // the warm-up: the group has formed before the first payment
      '3045.714 kafka.append p0@0',
      '3109.836 kafka.consume consumer-1 p0@0 gen 2',
      '3206.725 psp.charge ch_2',
      '3207.833 node.crash consumer-1', // no commit of p0 next 1
      '3886.714 node.crash consumer-2',
      '4207.833 node.restart consumer-1',
      '4886.714 node.restart consumer-2',
      '13015.899 kafka.member.remove consumer-1-1 session-timeout',
      '13015.899 kafka.member.remove consumer-2-2 session-timeout',
      '13015.899 kafka.rebalance gen 3 consumer-1-3:[0,1] consumer-2-4:[2]',
      '13018.057 kafka.consume consumer-1 p0@0 gen 3', // redelivered from the committed offset
      '13099.576 psp.charge ch_5',
      '13103.119 kafka.commit consumer-1-3 p0 next 1',
    ]);
  });
});

describe('17-no-provider-keys: db-atomic keeps the claim, but its takeover charges again', () => {
  it('db-atomic: D, the residual window: the takeover re-sends the key, and this provider ignores it', async () => {
    const outcome = await runMechanism('17-no-provider-keys', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-03', 'pay-04'] });
    const types = ['rpc.call', 'rpc.timeout', 'psp.charge', 'psp.key', 'node.crash', 'node.restart'];
    expect(storyOf(outcome, 'pay-03', types, { callers: ['client', 'service-1'], fromMs: 1400 })).toEqual([
      '1454.806 rpc.call client->lb POST /payments',
      '1456.412 rpc.call service-1->postgres pg.query', // claim: the crashed owner's row is there
      '1460.624 rpc.call service-1->postgres pg.query', // SELECT: in flight, lease fresh -> 409
      '2386.118 rpc.call client->lb POST /payments',
      '2387.459 rpc.call service-1->postgres pg.query',
      '2390.33 rpc.call service-1->postgres pg.query',
      '3481.805 rpc.call client->lb POST /payments',
      '3483.78 rpc.call service-1->postgres pg.query',
      '3486.353 rpc.call service-1->postgres pg.query',
      '5866.171 rpc.call client->lb POST /payments',
      '5867.171 rpc.call service-1->postgres pg.query', // claim
      '5868.581 rpc.call service-1->postgres pg.query', // SELECT: the lease expired
      '5869.653 rpc.call service-1->postgres pg.query', // takeover
      '5872.308 rpc.call service-1->psp charge', // same key, but no psp.key decision: not honoured
      '6001.001 psp.charge ch_11',
      '6001.407 rpc.call service-1->postgres pg.query', // record the payment
      '6003.503 rpc.call service-1->postgres pg.query', // and the answer
    ]);
    expect(chargesOf(outcome, 'pay-03')).toEqual([
      'ch_3 1000 payment:idem-pay-03',
      'ch_11 1000 payment:idem-pay-03',
    ]);
  });
});

describe('18-no-provider-keys-reconciled: the completer finds the charge by reference', () => {
  it('db-atomic: ok, the completer looks up both abandoned claims and records the charges it finds', async () => {
    const outcome = await runMechanism('18-no-provider-keys-reconciled', 'db-atomic', 1);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    expect(storyOf(outcome, 'pay-04', ['psp.charge', 'node.crash', 'node.restart'])).toEqual([
      '314.963 node.crash service-1',
      '371.594 psp.charge ch_4', // in flight when its owner died
      '1314.963 node.restart service-1',
    ]);
    // The completer is a worker: its calls carry no intent. One lookup per abandoned claim.
    const lookups = outcome.trace.filter(
      (entry) => entry.type === 'rpc.call' && entry['method'] === 'find-charge',
    );
    expect(lookups.map(lineOf)).toEqual([
      '5329.708 rpc.call service-1->psp find-charge',
      '5335.984 rpc.call service-1->psp find-charge',
    ]);
    expect(attemptsOf(outcome, 'pay-03')).toEqual(RETRIED_FOUR_TIMES);
    expect([...chargesOf(outcome, 'pay-03'), ...chargesOf(outcome, 'pay-04')]).toEqual([
      'ch_3 1000 payment:idem-pay-03',
      'ch_4 1000 payment:idem-pay-04',
    ]);
  });
});

describe('05-lease-outlived: the lock or lease expires while the first attempt is still working', () => {
  it('none: D, a retry while the slow first charge is still running', async () => {
    const outcome = await runMechanism('05-lease-outlived', 'none', 2);
    expect(harmsOf(outcome).doubleCharged).toHaveLength(14);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    expect(
      storyOf(outcome, 'pay-02', ['rpc.call', 'rpc.timeout', 'psp.charge'], {
        callers: ['client', 'service-1'],
      }),
    ).toEqual([
      '167.257 rpc.call client->lb POST /payments',
      '169.807 rpc.call service-1->psp charge',
      '1167.257 rpc.timeout client->lb POST /payments',
      '1640.226 rpc.call client->lb POST /payments',
      '1643.255 rpc.call service-1->psp charge',
      '1890.874 psp.charge ch_7',
      '1893.16 rpc.call service-1->postgres pg.query',
      '1927.558 psp.charge ch_8',
      '1928.175 rpc.call service-1->postgres pg.query',
    ]);
  });

  it('db-naive: D, the retry begins its own transaction while the first is still charging', async () => {
    const outcome = await runMechanism('05-lease-outlived', 'db-naive', 2);
    expect(harmsOf(outcome).doubleCharged).toHaveLength(14);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    const types = [
      'rpc.timeout',
      'psp.charge',
      'pg.begin',
      'pg.commit',
      'pg.rollback',
      'pg.error',
      'service.error',
    ];
    expect(storyOf(outcome, 'pay-02', types, { toMs: 2000 })).toEqual([
      '172.651 pg.begin service-1/tx2',
      '1168.519 rpc.timeout client->lb POST /payments',
      '1645.285 pg.begin service-1/tx9', // its SELECT finds nothing: tx2 has not inserted
      '1897.405 psp.charge ch_7',
      '1903.844 pg.commit service-1/tx2',
      '1934.134 psp.charge ch_8',
      '1936.866 pg.error service-1/tx9 23505',
      '1936.866 pg.rollback service-1/tx9 error',
      '1941.585 service.error service-1 DatabaseError: duplicate key value violates unique constraint "idempotency_keys_pkey"',
    ]);
  });

  it('db-atomic: ok*, the takeover re-calls the provider with the same key: in flight (409), later replayed', async () => {
    const outcome = await runMechanism('05-lease-outlived', 'db-atomic', 2);
    expect(harmsOf(outcome)).toEqual(NO_HARM);
    const types = ['rpc.call', 'rpc.timeout', 'psp.charge', 'psp.key'];
    expect(storyOf(outcome, 'pay-02', types, { callers: ['client', 'service-1'], toMs: 1900 })).toEqual([
      '168.519 rpc.call client->lb POST /payments',
      '171.069 rpc.call service-1->postgres pg.query', // claim, lease 1 s
      '172.857 rpc.call service-1->psp charge', // a slow charge: the lease runs out at 1171
      '1168.519 rpc.timeout client->lb POST /payments',
      '1641.488 rpc.call client->lb POST /payments',
      '1644.517 rpc.call service-1->postgres pg.query', // claim
      '1646.268 rpc.call service-1->postgres pg.query', // SELECT: the lease expired
      '1648.925 rpc.call service-1->postgres pg.query', // takeover
      '1651.599 rpc.call service-1->psp charge',
      '1653.508 psp.key payment:idem-pay-02 in-flight', // the provider: 409, the first charge still runs
      '1655.794 rpc.call service-1->postgres pg.query', // release the lease, answer 409
      '1893.924 psp.charge ch_7',
      '1894.541 rpc.call service-1->postgres pg.query', // the first owner records the payment
      '1896.045 rpc.call service-1->postgres pg.query', // and its answer, fenced by its lease
    ]);
    expect(storyOf(outcome, 'pay-02', ['psp.key'])).toEqual([
      '1653.508 psp.key payment:idem-pay-02 in-flight',
      '5009.57 psp.key payment:idem-pay-02 replay', // the next takeover, after the GC pause
    ]);
    expect(chargesOf(outcome, 'pay-02')).toEqual(['ch_7 1000 payment:idem-pay-02']);
  });

  it("redis-setnx: D, Kleppmann's pause: a second SET NX succeeds after the first lock's TTL, while the first attempt still runs", async () => {
    const outcome = await runMechanism('05-lease-outlived', 'redis-setnx', 2);
    expect(harmsOf(outcome)).toEqual({
      ...NO_HARM,
      doubleCharged: ['pay-02', 'pay-09', 'pay-08'],
      // E too: retries that meet a live in-progress key are answered 200 before any charge.
      toldPaidEarly: ['pay-10', 'pay-12', 'pay-14', 'pay-17', 'pay-18', 'pay-19'],
    });
    expect(storyOf(outcome, 'pay-02', ['rpc.timeout', 'psp.charge', 'redis.exec'])).toEqual([
      '171.363 redis.exec SET idem:idem-pay-02 in-progress PX 1000 NX -> OK',
      '1167.257 rpc.timeout client->lb POST /payments',
      '1644.181 redis.exec SET idem:idem-pay-02 in-progress PX 1000 NX -> OK', // the TTL ran out at 1171
      '1893.848 psp.charge ch_7', // the first attempt finishes only now
      '1898.312 redis.exec SET idem:idem-pay-02 {"status":201,"body":{"chargeId":"ch_7","amount":1000,"c... -> OK',
      '1929.49 psp.charge ch_8',
      '1933.954 redis.exec SET idem:idem-pay-02 {"status":201,"body":{"chargeId":"ch_8","amount":1000,"c... -> OK',
    ]);
  });

  it('kafka-eos: D, processing past max.poll.interval: a rebalance hands the record over and the zombie still charges', async () => {
    const outcome = await runMechanism('05-lease-outlived', 'kafka-eos', 2);
    expect(harmsOf(outcome).doubleCharged).toHaveLength(15);
    expect({ ...harmsOf(outcome), doubleCharged: [] }).toEqual(NO_HARM);
    // pay-08's record reaches consumer-1 just before the GC pause (2 s after the workload starts,
    // 2505.739 here, as the warm-up took 505.739 ms); the charge it sent lands while it is frozen.
    const types = [
      'kafka.consume',
      'kafka.poll-timeout',
      'kafka.member.remove',
      'kafka.rebalance',
      'psp.charge',
      'kafka.handled',
      'kafka.commit',
      'kafka.commit.fenced',
    ];
    expect(storyOf(outcome, 'pay-08', types, { fromMs: 0, toMs: 5600 })).toEqual([
      '0.458 kafka.rebalance gen 1 consumer-2-1:[0,1,2]',
      '505.739 kafka.rebalance gen 2 consumer-1-2:[0,1] consumer-2-1:[2]', // the warm-up: the group has formed
      '2259.967 kafka.consume consumer-1 p0@2 gen 2', // 250 ms later the pause freezes consumer-1 mid-record
      '2506.331 kafka.poll-timeout consumer-2 consumer-2-1',
      '2506.926 kafka.member.remove consumer-2-1 leave', // consumer-2's own slow charges: a rebalance starts
      '2898.333 psp.charge ch_6', // the frozen consumer's charge lands at the provider
      '4506.926 kafka.member.remove consumer-1-2 rebalance-timeout', // frozen, it could not rejoin in max.poll.interval
      '4506.926 kafka.rebalance gen 3 consumer-2-3:[0,1,2]',
      '4508.978 kafka.consume consumer-2 p0@2 gen 3', // the record is handed over from the last committed offset
      '4733.661 psp.charge ch_7',
      '4736.327 kafka.handled consumer-2 p0@2 ok',
      '4737.14 kafka.commit consumer-2-3 p0 next 3',
      '5505.739 kafka.poll-timeout consumer-1 consumer-1-2',
      '5507.067 kafka.handled consumer-1 p0@2 ok', // the zombie wakes, its charge already made
      '5507.531 kafka.commit.fenced consumer-1-2 p0 next 3', // and its commit is refused
    ]);
  });
});
