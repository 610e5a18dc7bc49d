import { describe, expect, it } from 'vitest';
import { runOneRecord } from './kafka-fixture.js';

describe('exposure of Kafka records', () => {
  it('a rebalance that moves a partition holding an uncommitted record touches its intent, and the redelivery is a repeat', async () => {
    // Cut off from the broker right after the hand-over at t=56: no message of pay-1 crosses the
    // cut (the charge goes to the provider), but the commit is lost and the session expires.
    const { sim, world } = runOneRecord('after-processing', [
      { atMs: 57, fault: { kind: 'partition', between: ['c1'], and: ['kafka'], durationMs: 600 } },
    ]);
    await sim.run({ untilMs: 1000 });
    expect(world.exposure.records()).toEqual({
      faults: [{ index: 0, kind: 'partition', touched: true, intents: ['pay-1'] }],
      repeats: [{ door: 'kafka', intentId: 'pay-1', arrivals: 2 }],
    });
  });

  it('a slow consumer touches the records whose handling it delays, not the nodes it does not slow', async () => {
    const { sim, world } = runOneRecord('after-processing', [
      { atMs: 0, fault: { kind: 'slow-consumer', node: 'c2', delayMs: 100 } },
      { atMs: 0, fault: { kind: 'slow-consumer', node: 'c1', delayMs: 100 } },
    ]);
    await sim.run({ untilMs: 1000 });
    expect(world.exposure.records()).toEqual({
      faults: [
        { index: 0, kind: 'slow-consumer', touched: false, intents: [] },
        { index: 1, kind: 'slow-consumer', touched: true, intents: ['pay-1'] },
      ],
      repeats: [],
    });
  });
});
