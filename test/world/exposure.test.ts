import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Exposure } from '../../src/world/exposure.js';
import { Nemesis, type FaultPlan } from '../../src/world/nemesis.js';
import { call } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';

/**
 * Two nodes, 1 ms apart: 'b' serves 'work' (10 ms of work, then a reply), and 'a' calls it once
 * for each intent at the given times. Returns the world's exposure records after the run.
 */
async function exposureOf(
  faults: FaultPlan,
  calls: ReadonlyArray<[atMs: number, intentId: string | undefined]>,
) {
  const sim = new Simulation({ seed: 1, trace: false });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const a = world.addNode('a');
  const b = world.addNode('b');
  world.addNode('c');
  b.serve('work', function* (): Proc<string> {
    yield* sleep(10);
    return 'done';
  });
  function* caller(atMs: number): Proc {
    yield* sleep(atMs);
    yield* call(world, 'a', 'b', 'work', {}, { timeoutMs: 100 });
  }
  for (const [atMs, intentId] of calls)
    a.spawn(caller(atMs), `call@${atMs}`, intentId === undefined ? undefined : { intentId });
  new Nemesis(world).schedule(faults);
  await sim.run();
  return world.exposure.records();
}

const untouched = (index: number, kind: string) => ({ index, kind, touched: false, intents: [] });

describe('exposure: which faults touched which intents', () => {
  it('a crash touches the intents whose processes it kills on the node, and only those', async () => {
    const records = await exposureOf(
      [
        { atMs: 5, fault: { kind: 'crash', node: 'b' } },
        { atMs: 5, fault: { kind: 'crash', node: 'c' } },
      ],
      [
        [0, 'pay-1'],
        [0, undefined],
        [50, 'pay-2'],
      ],
    );
    expect(records).toEqual({
      faults: [{ index: 0, kind: 'crash', touched: true, intents: ['pay-1'] }, untouched(1, 'crash')],
      repeats: [],
    });
    // The order a report's JSON prints them in: the cause's fields, then what it touched.
    expect(Object.keys(records.faults[0] as object)).toEqual(['index', 'kind', 'touched', 'intents']);
  });

  it('a pause touches the work it holds and the work that arrives while it lasts', async () => {
    const records = await exposureOf(
      [{ atMs: 5, fault: { kind: 'pause', node: 'b', durationMs: 20 } }],
      [
        [0, 'pay-1'],
        [10, 'pay-2'],
        [40, 'pay-3'],
      ],
    );
    expect(records.faults).toEqual([{ index: 0, kind: 'pause', touched: true, intents: ['pay-1', 'pay-2'] }]);
  });

  it('a partition touches the intents whose messages it drops, not the ones that never cross it', async () => {
    const records = await exposureOf(
      [
        { atMs: 5, fault: { kind: 'partition', between: ['a'], and: ['b'], durationMs: 10 } },
        { atMs: 0, fault: { kind: 'partition', between: ['a'], and: ['c'] } },
      ],
      [
        [0, 'pay-1'],
        [6, 'pay-2'],
        [30, 'pay-3'],
      ],
    );
    // pay-1's reply (sent at t=11) and pay-2's request (t=6) are dropped; pay-3 comes after the heal.
    expect(records.faults).toEqual([
      { index: 0, kind: 'partition', touched: true, intents: ['pay-2', 'pay-1'] },
      untouched(1, 'partition'),
    ]);
  });

  it('a lossy link touches the intents whose messages it loses; a slow link those it delays', async () => {
    const lossy = await exposureOf(
      [{ atMs: 0, fault: { kind: 'lossy-link', from: 'a', to: 'b', lossProbability: 1, durationMs: 5 } }],
      [
        [1, 'pay-1'],
        [10, 'pay-2'],
      ],
    );
    expect(lossy.faults).toEqual([{ index: 0, kind: 'lossy-link', touched: true, intents: ['pay-1'] }]);
    const slow = await exposureOf(
      [
        {
          atMs: 0,
          fault: {
            kind: 'slow-link',
            from: 'b',
            to: 'a',
            latency: { kind: 'constant', ms: 5 },
            durationMs: 15,
          },
        },
      ],
      [
        [1, 'pay-1'],
        [20, 'pay-2'],
      ],
    );
    expect(slow.faults).toEqual([{ index: 0, kind: 'slow-link', touched: true, intents: ['pay-1'] }]);
  });

  it('a crash-at that fires touches the intent whose step it struck; one that never fires touches nothing', async () => {
    const records = await exposureOf(
      [
        { atMs: 0, fault: { kind: 'crash-at', node: 'a', on: 'reply', peer: 'b', nth: 2 } },
        { atMs: 0, fault: { kind: 'crash-at', node: 'a', on: 'send', peer: 'c' } },
      ],
      [
        [0, 'pay-1'],
        [20, 'pay-2'],
      ],
    );
    expect(records.faults).toEqual([
      { index: 0, kind: 'crash-at', touched: true, intents: ['pay-2'] },
      untouched(1, 'crash-at'),
    ]);
  });

  it('counts a repeat per door for each arrival of an intent beyond its first', () => {
    const exposure = new Exposure();
    for (const [door, intent] of [
      ['http', 'pay-1'],
      ['http', 'pay-1'],
      ['http', 'pay-1'],
      ['kafka', 'pay-1'],
      ['http', 'pay-2'],
      ['kafka', 'pay-2'],
      ['kafka', 'pay-2'],
    ] as const)
      exposure.arrive(door, intent);
    expect(exposure.records().repeats).toEqual([
      { door: 'http', intentId: 'pay-1', arrivals: 3 },
      { door: 'kafka', intentId: 'pay-2', arrivals: 2 },
    ]);
  });

  it('keeps an intent that arrived once in under 30 bytes at its door (a Map to its count took about 37)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const intents = Array.from({ length: 100_000 }, (_, n) => `pay-${n}`);
    const exposure = new Exposure();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (const intent of intents) exposure.arrive('http', intent);
    gc();
    const perIntent = (process.memoryUsage().heapUsed - before) / intents.length;
    exposure.arrive('http', 'pay-7');
    expect(exposure.records().repeats).toEqual([{ door: 'http', intentId: 'pay-7', arrivals: 2 }]);
    expect(perIntent).toBeLessThan(30);
  });
});
