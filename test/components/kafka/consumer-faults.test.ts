import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { serializeTrace } from '../../../src/engine/trace.js';
import { startConsumerGroup } from '../../../src/components/kafka/consumer-group.js';
import { KafkaProducer } from '../../../src/components/kafka/kafka-producer.js';
import {
  FAST_GROUP,
  TOPIC,
  charging,
  describeConsumption,
  kafkaLog,
  kafkaWorld,
  ledgerOf,
  runOneRecord,
} from './kafka-fixture.js';

describe('Kafka consumer group, more faults', () => {
  it('a paused member misses its heartbeats: rebalanced away, it resumes as a zombie and is fenced', async () => {
    const { sim, provider } = runOneRecord('after-processing', [
      { atMs: 60, fault: { kind: 'pause', node: 'c1', durationMs: 600 } },
    ]);
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all, ['kafka.member.join', 'kafka.rebalance.start'])).toEqual([
      '21 kafka.rebalance generation=1 assignment=c1-1:[0] c2-2:[]',
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '56 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      // A stop-the-world pause: the charge request is already out, the heartbeats stop.
      '60 node.pause node=c1',
      '67 psp.charge charge=ch_1 intent=pay-1',
      '321 kafka.member.remove member=c1-1 reason=session-timeout',
      '423 kafka.rebalance generation=2 assignment=c2-2:[0]',
      '426 kafka.consume node=c2 member=c2-2 partition=0 offset=0 generation=2 intent=pay-1',
      '437 psp.charge charge=ch_2 intent=pay-1',
      '438 kafka.handled node=c2 member=c2-2 partition=0 offset=0 outcome=ok',
      '439 kafka.commit member=c2-2 generation=2 partition=0 offset=1',
      // On resume the zombie finishes with the reply that waited at its door; its commit is fenced.
      '660 node.resume node=c1',
      '660 kafka.handled node=c1 member=c1-1 partition=0 offset=0 outcome=ok',
      '661 kafka.commit.fenced member=c1-1 generation=1 partition=0 offset=1 reason=unknown-member',
      '753 kafka.rebalance generation=3 assignment=c1-3:[0] c2-2:[]',
    ]);
    expect(ledgerOf(provider.ledger)).toEqual(['67 pay-1', '437 pay-1']);
  });

  it('a handler that throws is retried from the same offset (seek-back), then committed', async () => {
    const setup = kafkaWorld();
    const { sim, world } = setup;
    let calls = 0;
    const group = startConsumerGroup(
      world,
      'kafka',
      [world.addNode('c1')],
      (node) =>
        function* (record): Proc {
          calls++;
          if (calls === 1) throw new Error('downstream unavailable');
          yield* charging(world, node.name)(record);
        },
      { groupId: 'charger', topic: TOPIC, commitMode: 'after-processing', ...FAST_GROUP },
    );
    const service = world.addNode('svc');
    const producer = new KafkaProducer(world, service, 'kafka');
    function* publish(): Proc {
      yield* sleep(50);
      yield* producer.send(TOPIC, { key: 'pay-1', value: null });
    }
    service.spawn(publish(), 'publish', { intentId: 'pay-1' });
    await sim.run({ untilMs: 500 });
    expect(
      kafkaLog(sim.trace.all, ['kafka.member.join', 'kafka.rebalance.start', 'kafka.rebalance']),
    ).toEqual([
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '56 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      '56 kafka.handler-error node=c1 member=c1-1 partition=0 offset=0 error=Error message=downstream unavailable',
      '56 kafka.handled node=c1 member=c1-1 partition=0 offset=0 outcome=error',
      // Not committed; after retryBackoffMs the member fetches offset 0 again.
      '68 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      '79 psp.charge charge=ch_1 intent=pay-1',
      '80 kafka.handled node=c1 member=c1-1 partition=0 offset=0 outcome=ok',
      '81 kafka.commit member=c1-1 generation=1 partition=0 offset=1',
    ]);
    expect(group.consumption.entries.map(describeConsumption)).toEqual([
      'c1-1 gen 1 offset 0 pay-1: consumed 56, finished 56 (error)',
      'c1-1 gen 1 offset 0 pay-1: consumed 68, finished 80 (ok)',
    ]);
  });
});

describe('Kafka determinism', () => {
  it('the same seed gives the same trace, byte for byte', async () => {
    const traces = await Promise.all(
      [1, 2].map(async () => {
        const { sim } = runOneRecord('after-processing', [
          { atMs: 60, fault: { kind: 'crash', node: 'c1', restartAfterMs: 540 } },
        ]);
        await sim.run({ untilMs: 1000 });
        return serializeTrace(sim.trace.all);
      }),
    );
    expect(traces[0]).toEqual(traces[1]);
  });
});
