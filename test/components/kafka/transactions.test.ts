import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { startConsumerGroup } from '../../../src/components/kafka/consumer-group.js';
import type { IsolationLevel } from '../../../src/components/kafka/kafka-protocol.js';
import { KafkaProducer } from '../../../src/components/kafka/kafka-producer.js';
import type { World } from '../../../src/world/world.js';
import { FAST_GROUP, TOPIC, abortOneRecord, charging, kafkaLog, kafkaWorld } from './kafka-fixture.js';

/** Group membership lines repeat in every test here and say nothing about transactions. */
const MEMBERSHIP = ['kafka.member.join', 'kafka.rebalance.start', 'kafka.rebalance'];

function readers(world: World, isolationLevel: IsolationLevel, nodeName: string) {
  return startConsumerGroup(world, 'kafka', [world.addNode(nodeName)], (node) => charging(world, node.name), {
    groupId: isolationLevel,
    topic: TOPIC,
    commitMode: 'after-processing',
    isolationLevel,
    ...FAST_GROUP,
  });
}

describe('Kafka transactions', () => {
  it('read_committed sees only committed records, and only once committed; read_uncommitted sees all', async () => {
    const { sim, world, provider } = kafkaWorld();
    readers(world, 'read_committed', 'committed');
    readers(world, 'read_uncommitted', 'dirty');
    const service = world.addNode('svc');
    const producer = new KafkaProducer(world, service, 'kafka', { transactionalId: 'tx-1' });
    function* committed(): Proc {
      yield* sleep(100);
      producer.beginTransaction();
      yield* producer.send(TOPIC, { key: 'pay-2', value: null });
      yield* sleep(100);
      yield* producer.commitTransaction();
    }
    service.spawn(abortOneRecord(producer), 'aborted', { intentId: 'pay-1' });
    service.spawn(committed(), 'committed', { intentId: 'pay-2' });
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all, [...MEMBERSHIP, 'psp.charge', 'kafka.handled'])).toEqual([
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 txn=1 intent=pay-1',
      '56 kafka.consume node=dirty member=dirty-2 partition=0 offset=0 generation=1 intent=pay-1',
      // The abort marker takes offset 1.
      '57 kafka.txn.abort producer=1 txn=1 reason=requested',
      '69 kafka.commit member=dirty-2 generation=1 partition=0 offset=1',
      '101 kafka.append partition=0 offset=2 key=pay-2 producer=1 seq=1 txn=2 intent=pay-2',
      '102 kafka.consume node=dirty member=dirty-2 partition=0 offset=2 generation=1 intent=pay-2',
      '115 kafka.commit member=dirty-2 generation=1 partition=0 offset=3',
      // Until the commit marker (offset 3), the last stable offset holds read_committed at 2.
      '203 kafka.txn.commit producer=1 txn=2 reason=requested',
      '204 kafka.consume node=committed member=committed-1 partition=0 offset=2 generation=1 intent=pay-2',
      '217 kafka.commit member=committed-1 generation=1 partition=0 offset=3',
    ]);
    // The dirty reader charged for an aborted record too.
    expect(provider.ledger.map((entry) => `${entry.atMs} ${entry.intentId}`)).toEqual([
      '67 pay-1',
      '113 pay-2',
      '215 pay-2',
    ]);
  });

  it('a second producer with the same transactional id fences the first and aborts its transaction', async () => {
    const { sim, world } = kafkaWorld();
    const first = new KafkaProducer(world, world.addNode('svc-1'), 'kafka', { transactionalId: 'tx-1' });
    const second = new KafkaProducer(world, world.addNode('svc-2'), 'kafka', { transactionalId: 'tx-1' });
    const results: string[] = [];
    function* zombie(): Proc {
      yield* first.initTransactions();
      first.beginTransaction();
      yield* first.send(TOPIC, { key: 'pay-1', value: null });
      yield* sleep(100);
      try {
        yield* first.commitTransaction();
      } catch (error) {
        results.push(`${sim.now} first: ${(error as Error).message}`);
      }
    }
    function* successor(): Proc {
      yield* sleep(50);
      yield* second.initTransactions();
      results.push(`${sim.now} second ready`);
    }
    world.node('svc-1').spawn(zombie(), 'zombie', { intentId: 'pay-1' });
    world.node('svc-2').spawn(successor(), 'successor', undefined);
    await sim.run();
    expect(kafkaLog(sim.trace.all)).toEqual([
      '4 kafka.producer.init node=svc-1 producer=1 epoch=0',
      '5 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 txn=1 intent=pay-1',
      '53 kafka.txn.abort producer=1 txn=1 reason=fenced',
      '54 kafka.producer.init node=svc-2 producer=1 epoch=1',
    ]);
    expect(results).toEqual(['54 second ready', '108 first: kafka answered producer-fenced']);
  });

  it('a producer that crashes mid-transaction blocks read_committed until the transaction times out', async () => {
    const { sim, world } = kafkaWorld();
    readers(world, 'read_committed', 'committed');
    const service = world.addNode('svc');
    const producer = new KafkaProducer(world, service, 'kafka', {
      transactionalId: 'tx-1',
      transactionTimeoutMs: 500,
    });
    const plain = new KafkaProducer(world, world.addNode('svc-2'), 'kafka');
    function* transactional(): Proc {
      yield* sleep(50);
      yield* producer.initTransactions();
      producer.beginTransaction();
      yield* producer.send(TOPIC, { key: 'pay-1', value: null });
      service.crash();
    }
    function* later(): Proc {
      yield* sleep(100);
      yield* plain.send(TOPIC, { key: 'pay-2', value: null });
    }
    service.spawn(transactional(), 'transactional', { intentId: 'pay-1' });
    world.node('svc-2').spawn(later(), 'later', { intentId: 'pay-2' });
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all, [...MEMBERSHIP, 'psp.charge', 'kafka.handled'])).toEqual([
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 txn=1 intent=pay-1',
      '56 node.crash node=svc',
      '104 kafka.producer.init node=svc-2 producer=2 epoch=0',
      '105 kafka.append partition=0 offset=1 key=pay-2 producer=2 seq=0 intent=pay-2',
      // pay-2 is committed (not transactional) but sits behind the open transaction.
      '555 kafka.txn.abort producer=1 txn=1 reason=timeout',
      '556 kafka.consume node=committed member=committed-1 partition=0 offset=1 generation=1 intent=pay-2',
      '569 kafka.commit member=committed-1 generation=1 partition=0 offset=2',
    ]);
  });
});
