/**
 * The two mechanisms only Kafka has: the consumer commits its offset before processing and then
 * crashes (15-kafka-commit-before-processing: a lost payment), and a producer without idempotence
 * resends after a lost ack (16-kafka-producer-without-idempotence: one produce, two records). The designs that charge inside
 * the request are unaffected. One pinned seed per strategy.
 */
import { describe, expect, it } from 'vitest';
import { storyOf } from './trace-story.js';
import { attemptsOf, chargesOf, harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

describe('15-kafka-commit-before-processing: the consumer commits the offset before processing, then crashes', () => {
  it('kafka-eos: L, commit, then crash before the charge, then no one reads the record again', async () => {
    const outcome = await runMechanism('15-kafka-commit-before-processing', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, lost: ['pay-04', 'pay-16'] });
    expect(attemptsOf(outcome, 'pay-04')).toEqual(['1.1 idem-pay-04 1000 -> 202']); // accepted
    const types = [
      'rpc.call',
      'msg.drop',
      'psp.charge',
      'kafka.append',
      'kafka.commit',
      'kafka.consume',
      'node.crash',
      'node.restart',
      'kafka.member.remove',
      'kafka.rebalance',
    ];
    expect(storyOf(outcome, 'pay-04', types, { callers: ['client', 'consumer-1'], toMs: 13_100 })).toEqual([
      '0.619 kafka.rebalance gen 1 consumer-1-1:[0,1,2]',
      '3015.899 kafka.rebalance gen 2 consumer-1-1:[0,1] consumer-2-2:[2]', // the warm-up: the group has formed
      '3135.217 rpc.call client->lb POST /payments',
      '3138.332 kafka.append p1@1',
      '3213.229 kafka.commit consumer-1-1 p1 next 2', // committed before processing
      '3214.512 kafka.consume consumer-1 p1@1 gen 2',
      '3214.512 node.crash consumer-1', // killed as it calls the provider
      '3214.512 rpc.call consumer-1->psp charge',
      '3214.512 msg.drop consumer-1->psp charge request (sender crashed)',
      '4214.512 node.restart consumer-1',
      '4582.226 node.crash consumer-2',
      '5582.226 node.restart consumer-2',
      '13015.899 kafka.member.remove consumer-1-1 session-timeout',
      '13015.899 kafka.member.remove consumer-2-2 session-timeout',
      '13015.899 kafka.rebalance gen 3 consumer-1-3:[0,1] consumer-2-4:[2]', // p1 resumes from offset 2
    ]);
    expect(storyOf(outcome, 'pay-04', ['psp.charge', 'kafka.consume'], { fromMs: 13_100 })).toEqual([]);
    const partitionOne = outcome.trace.flatMap((entry) =>
      entry.type === 'kafka.consume' && entry.partition === 1 ? [entry.offset] : [],
    );
    expect(partitionOne).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]); // offset 1 once, never again
    expect(chargesOf(outcome, 'pay-04')).toEqual([]);
  });

  it.each(['none', 'db-naive', 'db-atomic', 'redis-setnx'])(
    '%s: ok, it charges inside the request',
    async (strategy) => {
      expect(harmsOf(await runMechanism('15-kafka-commit-before-processing', strategy, 1))).toEqual(NO_HARM);
    },
  );
});

describe('16-kafka-producer-without-idempotence: a producer without idempotence resends after a lost ack', () => {
  it('kafka-eos: D, one produce, two log appends, two charges', async () => {
    const outcome = await runMechanism('16-kafka-producer-without-idempotence', 'kafka-eos', 1);
    expect(harmsOf(outcome)).toEqual({ ...NO_HARM, doubleCharged: ['pay-07', 'pay-10'] });
    expect(attemptsOf(outcome, 'pay-07')).toEqual(['1.1 idem-pay-07 1000 -> 202']); // one request, one answer
    const types = [
      'rpc.call',
      'rpc.timeout',
      'msg.drop',
      'kafka.append',
      'kafka.dedup',
      'kafka.produce.resend',
    ];
    expect(storyOf(outcome, 'pay-07', types, { callers: ['service-1'] })).toEqual([
      '3809.705 rpc.call service-1->kafka kafka.produce',
      '3810.565 kafka.append p1@2',
      '3810.565 msg.drop service-1->kafka kafka.produce reply (loss)', // the ack is lost
      '4809.705 rpc.timeout service-1->kafka kafka.produce',
      '4909.705 kafka.produce.resend service-1 p1 attempt 2',
      '4909.705 rpc.call service-1->kafka kafka.produce',
      '4910.412 kafka.append p1@4', // no kafka.dedup: appended again
    ]);
    expect(storyOf(outcome, 'pay-07', ['kafka.consume', 'psp.charge'])).toEqual([
      '3811.8 kafka.consume consumer-1 p1@2 gen 2',
      '3894.889 psp.charge ch_7',
      '5074.426 kafka.consume consumer-1 p1@4 gen 2',
      '5200.158 psp.charge ch_12',
    ]);
  });

  it.each(['none', 'db-naive', 'db-atomic', 'redis-setnx'])(
    '%s: ok, it does not publish to Kafka',
    async (strategy) => {
      expect(harmsOf(await runMechanism('16-kafka-producer-without-idempotence', strategy, 1))).toEqual(
        NO_HARM,
      );
    },
  );
});
