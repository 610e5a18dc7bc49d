import { describe, expect, it } from 'vitest';
import { describeConsumption, kafkaLog, ledgerOf, runOneRecord } from './kafka-fixture.js';

describe('Kafka consumer group', () => {
  it('redelivers an uncommitted record after a consumer crash and a rebalance: handled twice', async () => {
    const { sim, provider, group } = runOneRecord('after-processing', [
      { atMs: 60, fault: { kind: 'crash', node: 'c1', restartAfterMs: 540 } },
    ]);
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all)).toEqual([
      '1 kafka.member.join member=c1-1',
      '1 kafka.rebalance.start generation=0 reason=join c1-1',
      '1 kafka.member.join member=c2-2',
      // The initial rebalance delay (20 ms) lets both members in before the first assignment.
      '21 kafka.rebalance generation=1 assignment=c1-1:[0] c2-2:[]',
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '56 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      // c1 dies after its charge request left, before it could commit: the provider still charges.
      '60 node.crash node=c1',
      '67 psp.charge charge=ch_1 intent=pay-1',
      // Last heard of at 21 (its join), so its 300 ms session ends at 321.
      '321 kafka.member.remove member=c1-1 reason=session-timeout',
      '321 kafka.rebalance.start generation=1 reason=session-timeout c1-1',
      // c2 learns of the rebalance from its heartbeat at 400 and rejoins at its next poll.
      '423 kafka.rebalance generation=2 assignment=c2-2:[0]',
      // Nothing was committed: c2 starts at offset 0 and charges pay-1 again.
      '426 kafka.consume node=c2 member=c2-2 partition=0 offset=0 generation=2 intent=pay-1',
      '437 psp.charge charge=ch_2 intent=pay-1',
      '438 kafka.handled node=c2 member=c2-2 partition=0 offset=0 outcome=ok',
      '439 kafka.commit member=c2-2 generation=2 partition=0 offset=1',
      // The restarted node's daemon joins as a new member; it resumes from the committed offset 1.
      '600 node.restart node=c1',
      '601 kafka.member.join member=c1-3',
      '601 kafka.rebalance.start generation=2 reason=join c1-3',
      '753 kafka.rebalance generation=3 assignment=c1-3:[0] c2-2:[]',
    ]);
    expect(ledgerOf(provider.ledger)).toEqual(['67 pay-1', '437 pay-1']);
    expect(group.consumption.entries.map(describeConsumption)).toEqual([
      'c1-1 gen 1 offset 0 pay-1: consumed 56, never finished (running)',
      'c2-2 gen 2 offset 0 pay-1: consumed 426, finished 438 (ok)',
    ]);
  });

  it('a member processing past maxPollIntervalMs leaves; the zombie still charges, its commit is fenced', async () => {
    const { sim, provider, group } = runOneRecord('after-processing', [
      { atMs: 0, fault: { kind: 'slow-consumer', node: 'c1', delayMs: 1500, durationMs: 1000 } },
    ]);
    await sim.run({ untilMs: 2000 });
    expect(kafkaLog(sim.trace.all)).toEqual([
      '0 kafka.slow-consumer node=c1 delayMs=1500',
      '1 kafka.member.join member=c1-1',
      '1 kafka.rebalance.start generation=0 reason=join c1-1',
      '1 kafka.member.join member=c2-2',
      '21 kafka.rebalance generation=1 assignment=c1-1:[0] c2-2:[]',
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '56 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      '1000 kafka.slow-consumer node=c1 delayMs=0',
      // c1 last entered poll() at 22: its heartbeat thread makes it leave 1000 ms later.
      '1022 kafka.poll-timeout node=c1 member=c1-1 lastPollMs=22',
      '1023 kafka.member.remove member=c1-1 reason=leave',
      '1023 kafka.rebalance.start generation=1 reason=leave c1-1',
      '1123 kafka.rebalance generation=2 assignment=c2-2:[0]',
      '1126 kafka.consume node=c2 member=c2-2 partition=0 offset=0 generation=2 intent=pay-1',
      '1137 psp.charge charge=ch_1 intent=pay-1',
      '1138 kafka.handled node=c2 member=c2-2 partition=0 offset=0 outcome=ok',
      '1139 kafka.commit member=c2-2 generation=2 partition=0 offset=1',
      // The zombie wakes from its slowdown and makes its external call all the same...
      '1567 psp.charge charge=ch_2 intent=pay-1',
      '1568 kafka.handled node=c1 member=c1-1 partition=0 offset=0 outcome=ok',
      // ...and only its commit is refused, as the generation it worked for is gone.
      '1569 kafka.commit.fenced member=c1-1 generation=1 partition=0 offset=1 reason=unknown-member',
      '1571 kafka.member.join member=c1-3',
      '1571 kafka.rebalance.start generation=2 reason=join c1-3',
      '1609 kafka.rebalance generation=3 assignment=c1-3:[0] c2-2:[]',
    ]);
    expect(ledgerOf(provider.ledger)).toEqual(['1137 pay-1', '1567 pay-1']);
    expect(group.consumption.entries.map(describeConsumption)).toEqual([
      'c1-1 gen 1 offset 0 pay-1: consumed 56, finished 1568 (ok)',
      'c2-2 gen 2 offset 0 pay-1: consumed 1126, finished 1138 (ok)',
    ]);
  });

  it('commit before processing, then a crash: the record is lost (no charge at all)', async () => {
    const { sim, provider } = runOneRecord(
      'before-processing',
      [{ atMs: 60, fault: { kind: 'crash', node: 'c1' } }],
      20,
    );
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all)).toEqual([
      '1 kafka.member.join member=c1-1',
      '1 kafka.rebalance.start generation=0 reason=join c1-1',
      '1 kafka.member.join member=c2-2',
      '21 kafka.rebalance generation=1 assignment=c1-1:[0] c2-2:[]',
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      // Committed past the record before handling it; c1 dies during its 20 ms of work.
      '57 kafka.commit member=c1-1 generation=1 partition=0 offset=1',
      '58 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      '60 node.crash node=c1',
      '321 kafka.member.remove member=c1-1 reason=session-timeout',
      '321 kafka.rebalance.start generation=1 reason=session-timeout c1-1',
      // c2 starts at the committed offset 1: nothing left to read, pay-1 is never charged.
      '423 kafka.rebalance generation=2 assignment=c2-2:[0]',
    ]);
    expect(ledgerOf(provider.ledger)).toEqual([]);
  });

  it('the same crash with commit after processing: redelivered and charged once', async () => {
    const { sim, provider } = runOneRecord(
      'after-processing',
      [{ atMs: 60, fault: { kind: 'crash', node: 'c1' } }],
      20,
    );
    await sim.run({ untilMs: 1000 });
    expect(ledgerOf(provider.ledger)).toEqual(['457 pay-1']);
  });

  it('auto-commit on a timer commits a record still being handled: a crash then loses it', async () => {
    const { sim, provider } = runOneRecord(
      'auto',
      [{ atMs: 150, fault: { kind: 'crash', node: 'c1' } }],
      200,
      100,
    );
    await sim.run({ untilMs: 1000 });
    expect(kafkaLog(sim.trace.all, ['kafka.member.join', 'kafka.rebalance.start'])).toEqual([
      '21 kafka.rebalance generation=1 assignment=c1-1:[0] c2-2:[]',
      '54 kafka.producer.init node=svc producer=1 epoch=0',
      '55 kafka.append partition=0 offset=0 key=pay-1 producer=1 seq=0 intent=pay-1',
      '56 kafka.consume node=c1 member=c1-1 partition=0 offset=0 generation=1 intent=pay-1',
      // The timer commits the handed-over position while the handler still has 155 ms to go.
      '101 kafka.commit member=c1-1 generation=1 partition=0 offset=1',
      '150 node.crash node=c1',
      '401 kafka.member.remove member=c1-1 reason=session-timeout',
      '423 kafka.rebalance generation=2 assignment=c2-2:[0]',
    ]);
    expect(ledgerOf(provider.ledger)).toEqual([]);
  });

  it("the Java client's auto-commit inside poll() never commits a record still being handled", async () => {
    const { sim, provider } = runOneRecord(
      'auto-in-poll',
      [{ atMs: 150, fault: { kind: 'crash', node: 'c1' } }],
      200,
      100,
    );
    await sim.run({ untilMs: 1000 });
    expect(ledgerOf(provider.ledger)).toEqual(['637 pay-1']);
  });
});
