/**
 * What an idle consumer's fetch must still do, now that the broker looks before it reads and an
 * empty answer skips the batch generator (the speed-ups of kafka-broker.ts, partition-log.ts
 * and consumer-member.ts).
 */
import { describe, expect, it } from 'vitest';
import { startConsumerGroup } from '../../../src/components/kafka/consumer-group.js';
import type { IsolationLevel, TxnState } from '../../../src/components/kafka/kafka-protocol.js';
import { KafkaProducer } from '../../../src/components/kafka/kafka-producer.js';
import { PartitionLog } from '../../../src/components/kafka/partition-log.js';
import { FAST_GROUP, TOPIC, abortOneRecord, charging, kafkaWorld } from './kafka-fixture.js';

describe('an idle fetch', () => {
  it('a read_committed member moves past an aborted transaction it was handed nothing of', async () => {
    const { sim, world, broker } = kafkaWorld();
    startConsumerGroup(world, 'kafka', [world.addNode('c1')], (node) => charging(world, node.name), {
      groupId: 'readers',
      topic: TOPIC,
      commitMode: 'auto',
      autoCommitIntervalMs: 100,
      isolationLevel: 'read_committed',
      ...FAST_GROUP,
    });
    const service = world.addNode('svc');
    const producer = new KafkaProducer(world, service, 'kafka', { transactionalId: 'tx-1' });
    service.spawn(abortOneRecord(producer), 'aborted', { intentId: 'pay-1' });
    await sim.run({ untilMs: 1000 });
    // The aborted record (offset 0) and its marker (offset 1) are behind the member: a fetch
    // that returned no record still moved its position to 2, which the auto-commit committed.
    expect(broker.entries(TOPIC, 0).map((entry) => entry.marker)).toEqual([null, 'abort']);
    expect(broker.committedOffset('readers', 0)).toBe(2);
  });

  it('a partition has a visible record exactly when a read from there would return one', () => {
    // Every log of up to five appends of four kinds, read from every offset at both levels.
    const kinds = ['plain', 'in-txn', 'commit', 'abort'] as const;
    let compared = 0;
    const grow = (ops: ReadonlyArray<(typeof kinds)[number]>): void => {
      const log = buildLog(ops);
      for (const isolation of ['read_committed', 'read_uncommitted'] as IsolationLevel[]) {
        for (let offset = 0; offset <= log.endOffset + 1; offset++) {
          const read = log.read(offset, 1, isolation);
          expect(log.hasVisible(offset, isolation), `${ops.join(',')} @${offset} ${isolation}`).toBe(
            read.entries.length > 0,
          );
          compared++;
        }
      }
      if (ops.length < 5) for (const kind of kinds) grow([...ops, kind]);
    };
    grow([]);
    expect(compared).toBeGreaterThan(1000);
  });
});

/** A log of plain records and records of one transaction at a time, ended by commit or abort. */
function buildLog(ops: ReadonlyArray<'plain' | 'in-txn' | 'commit' | 'abort'>): PartitionLog {
  const log = new PartitionLog(TOPIC, 0);
  let txn: TxnState | undefined;
  let txnId = 0;
  const record = { key: null, value: null, timestampMs: 0, context: null, producerId: null, sequence: null };
  for (const op of ops) {
    if (op === 'plain') log.append({ ...record, txn: null }, 0);
    else if (op === 'in-txn') {
      txn ??= { id: ++txnId, producerId: 1, status: 'open', partitions: new Set(), startedAtMs: 0 };
      log.append({ ...record, txn }, 0);
    } else if (txn !== undefined) {
      txn.status = op === 'commit' ? 'committed' : 'aborted';
      log.appendMarker(txn, op, 0);
      txn = undefined;
    }
  }
  return log;
}
