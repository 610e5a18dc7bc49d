import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { KafkaProducer } from '../../../src/components/kafka/kafka-producer.js';
import { makeKafkaPort } from '../../../src/components/kafka/make-kafka-port.js';
import type { ProducerOptions } from '../../../src/components/kafka/producer-options.js';
import { TOPIC, kafkaLog, kafkaWorld } from './kafka-fixture.js';

/**
 * pay-1 is produced at t=0 (the producer's handshake happens then, on a clean link); pay-2 at
 * t=100, while the broker's replies to the service are lost for `lossMs`. If pay-2's send gives
 * up, the caller retries it 100 ms later with a new send call, as a client-level retry does.
 */
async function produceWithLostAcks(options: ProducerOptions, lossMs: number) {
  const { sim, world, broker, nemesis } = kafkaWorld();
  const service = world.addNode('svc');
  const producer = new KafkaProducer(world, service, 'kafka', {
    requestTimeoutMs: 100,
    retryBackoffMs: 20,
    deliveryTimeoutMs: 1000,
    ...options,
  });
  const results: string[] = [];
  function* pay(intentId: string, atMs: number): Proc {
    yield* sleep(atMs);
    for (let call = 1; call <= 2; call++) {
      try {
        const { offset } = yield* producer.send(TOPIC, { key: intentId, value: { amount: 1000 } });
        return void results.push(`${sim.now} ${intentId} call ${call}: offset ${offset}`);
      } catch (error) {
        results.push(`${sim.now} ${intentId} call ${call}: ${(error as Error).name}`);
        yield* sleep(100);
      }
    }
  }
  service.spawn(pay('pay-1', 0), 'pay-1', { intentId: 'pay-1' });
  service.spawn(pay('pay-2', 100), 'pay-2', { intentId: 'pay-2' });
  nemesis.schedule([
    {
      atMs: 100,
      fault: { kind: 'lossy-link', from: 'kafka', to: 'svc', lossProbability: 1, durationMs: lossMs },
    },
  ]);
  await sim.run();
  const stored = broker
    .entries(TOPIC, 0)
    .map((entry) => `${entry.offset} ${entry.key} ${entry.context?.intentId}`);
  return { log: kafkaLog(sim.trace.all, ['msg.drop']), results, stored };
}

describe('Kafka producer', () => {
  it('with idempotence, a resend after a lost ack is dropped by the broker: one record', async () => {
    const { log, results, stored } = await produceWithLostAcks({ idempotence: true }, 50);
    expect(log).toEqual([
      '4 kafka.producer.init node=svc producer=1 epoch=0',
      '5 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '101 kafka.append partition=0 offset=1 key=pay-2 producer=1 seq=1 intent=pay-2',
      // The ack of offset 1 was lost; 100 ms later the producer resends the same batch.
      '220 kafka.produce.resend node=svc partition=0 producer=1 seq=1 attempt=2 intent=pay-2',
      '221 kafka.dedup partition=0 offset=1 producer=1 seq=1',
    ]);
    expect(results).toEqual(['6 pay-1 call 1: offset 0', '222 pay-2 call 1: offset 1']);
    expect(stored).toEqual(['0 pay-1 pay-1', '1 pay-2 pay-2']);
  });

  it('without idempotence, the same resend is appended again: two records for pay-2', async () => {
    const { log, results, stored } = await produceWithLostAcks({ idempotence: false }, 50);
    expect(log).toEqual([
      '3 kafka.append partition=0 offset=0 key=pay-1 intent=pay-1',
      '101 kafka.append partition=0 offset=1 key=pay-2 intent=pay-2',
      '220 kafka.produce.resend node=svc partition=0 attempt=2 intent=pay-2',
      '221 kafka.append partition=0 offset=2 key=pay-2 intent=pay-2',
    ]);
    expect(results).toEqual(['4 pay-1 call 1: offset 0', '222 pay-2 call 1: offset 2']);
    expect(stored).toEqual(['0 pay-1 pay-1', '1 pay-2 pay-2', '2 pay-2 pay-2']);
  });

  it("idempotence covers only the producer's own resends: the caller's new send is a new record", async () => {
    const { log, results, stored } = await produceWithLostAcks({ idempotence: true, retries: 2 }, 400);
    expect(log).toEqual([
      '4 kafka.producer.init node=svc producer=1 epoch=0',
      '5 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '101 kafka.append partition=0 offset=1 key=pay-2 producer=1 seq=1 intent=pay-2',
      '220 kafka.produce.resend node=svc partition=0 producer=1 seq=1 attempt=2 intent=pay-2',
      '221 kafka.dedup partition=0 offset=1 producer=1 seq=1',
      '340 kafka.produce.resend node=svc partition=0 producer=1 seq=1 attempt=3 intent=pay-2',
      '341 kafka.dedup partition=0 offset=1 producer=1 seq=1',
      // Retries spent, every ack lost: the send fails with an unknown outcome...
      '440 kafka.produce.give-up node=svc partition=0 producer=1 seq=1 indeterminate=true intent=pay-2',
      // ...and the caller's retry is a new send with a new sequence number: appended again.
      '541 kafka.append partition=0 offset=2 key=pay-2 producer=1 seq=2 intent=pay-2',
    ]);
    expect(results).toEqual([
      '6 pay-1 call 1: offset 0',
      '440 pay-2 call 1: CallTimeoutError',
      '542 pay-2 call 2: offset 2',
    ]);
    expect(stored).toEqual(['0 pay-1 pay-1', '1 pay-2 pay-2', '2 pay-2 pay-2']);
  });

  it('loses its producer id in a crash: the restarted producer gets a new one', async () => {
    const { sim, world, broker } = kafkaWorld();
    const service = world.addNode('svc');
    const producer = new KafkaProducer(world, service, 'kafka');
    function* send(intentId: string): Proc {
      yield* producer.send(TOPIC, { key: intentId, value: null });
    }
    service.spawn(send('pay-1'), 'pay-1', { intentId: 'pay-1' });
    sim.schedule(10, () => service.crash());
    sim.schedule(20, () => {
      service.restart();
      service.spawn(send('pay-2'), 'pay-2', { intentId: 'pay-2' });
    });
    await sim.run();
    expect(
      broker
        .entries(TOPIC, 0)
        .map((entry) => `${entry.offset} producer ${entry.producerId} seq ${entry.sequence}`),
    ).toEqual(['0 producer 1 seq 0', '1 producer 2 seq 0']);
  });

  it('the port throws CallRefusedError when nothing was sent, CallTimeoutError when the outcome is unknown', async () => {
    const { sim, world, broker, nemesis } = kafkaWorld();
    const service = world.addNode('svc');
    const port = makeKafkaPort(world, 'svc', 'kafka', {
      requestTimeoutMs: 100,
      retries: 1,
      deliveryTimeoutMs: 1000,
    });
    const results: string[] = [];
    function* produce(atMs: number): Proc {
      yield* sleep(atMs);
      try {
        const { offset } = yield* port.produce(TOPIC, { key: 'pay-1', value: null });
        results.push(`${sim.now} offset ${offset}`);
      } catch (error) {
        results.push(`${sim.now} ${(error as Error).name}`);
      }
    }
    service.spawn(produce(0), 'refused', { intentId: 'pay-1' });
    service.spawn(produce(500), 'partitioned', { intentId: 'pay-1' });
    nemesis.schedule([
      { atMs: 0, fault: { kind: 'crash', node: 'kafka', restartAfterMs: 400 } },
      { atMs: 505, fault: { kind: 'partition', between: ['kafka'], and: ['svc'], oneWay: true } },
    ]);
    await sim.run();
    // Refused twice (the metadata request and its one resend): nothing sent. Then the handshake
    // succeeds, the record is appended at 505, and the acks of it and its resend are cut off.
    expect(results).toEqual(['104 CallRefusedError', '804 CallTimeoutError']);
    expect(broker.entries(TOPIC, 0).map((entry) => entry.offset)).toEqual([0]);
  });
});
