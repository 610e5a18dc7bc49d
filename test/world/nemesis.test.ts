import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { Nemesis } from '../../src/world/nemesis.js';
import { World } from '../../src/world/world.js';

function setup() {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  world.addNode('a');
  world.addNode('b');
  return { sim, world, nemesis: new Nemesis(world) };
}

describe('Nemesis', () => {
  it('applies timed faults and undoes the ones with a duration, in a whole trace', async () => {
    const { sim, world, nemesis } = setup();
    nemesis.schedule([
      { atMs: 10, fault: { kind: 'crash', node: 'a', restartAfterMs: 5 } },
      { atMs: 20, fault: { kind: 'pause', node: 'b', durationMs: 30 } },
      { atMs: 30, fault: { kind: 'partition', between: ['a'], and: ['b'], durationMs: 10 } },
      {
        atMs: 35,
        fault: {
          kind: 'slow-link',
          from: 'a',
          to: 'b',
          latency: { kind: 'constant', ms: 500 },
          durationMs: 5,
        },
      },
    ]);
    await sim.run();
    expect(sim.trace.all).toEqual([
      { t: 10, type: 'node.crash', node: 'a' },
      { t: 15, type: 'node.restart', node: 'a' },
      { t: 20, type: 'node.pause', node: 'b' },
      { t: 30, type: 'net.partition', between: 'a', and: 'b', oneWay: false },
      { t: 35, type: 'net.link', from: 'a', to: 'b', change: '{"latency":{"kind":"constant","ms":500}}' },
      { t: 40, type: 'net.heal', between: 'a', and: 'b', oneWay: false },
      { t: 40, type: 'net.link', from: 'a', to: 'b', change: 'restored' },
      { t: 50, type: 'node.resume', node: 'b' },
    ]);
    expect(world.network.link('a', 'b').latency).toEqual({ kind: 'constant', ms: 1 });
    expect(world.network.isCut('a', 'b')).toBe(false);
  });

  it('a one-way partition cuts only one direction', async () => {
    const { sim, world, nemesis } = setup();
    nemesis.schedule([{ atMs: 0, fault: { kind: 'partition', between: ['a'], and: ['b'], oneWay: true } }]);
    await sim.run();
    expect([world.network.isCut('a', 'b'), world.network.isCut('b', 'a')]).toEqual([true, false]);
  });

  it('rejects an unknown fault before scheduling anything', () => {
    const { sim, nemesis } = setup();
    expect(() =>
      nemesis.schedule([
        { atMs: 0, fault: { kind: 'crash', node: 'a' } },
        { atMs: 5, fault: { kind: 'meteor' } },
      ]),
    ).toThrow(/faults\[1\]\.kind: unknown fault "meteor"; known: crash, restart/);
    expect(sim.queued).toBe(0);
  });

  it('components can register their own faults', async () => {
    const { sim, nemesis } = setup();
    const applied: string[] = [];
    nemesis.register<{ kind: 'flush'; target: string }>('flush', (fault) =>
      applied.push(`${sim.now} ${fault.target}`),
    );
    nemesis.schedule([{ atMs: 7, fault: { kind: 'flush', target: 'cache' } }]);
    await sim.run();
    expect(applied).toEqual(['7 cache']);
  });
});
