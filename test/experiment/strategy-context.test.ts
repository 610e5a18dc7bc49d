/**
 * The context a strategy runs with is built without a spread (strategy-context.ts says why):
 * it must be what `{ ...port, config }` made, the same fields in the same order.
 */
import { describe, expect, it } from 'vitest';
import { makeServicePort } from '../../src/components/service-instance.js';
import { Simulation } from '../../src/engine/simulation.js';
import { strategyContext } from '../../src/experiment/strategy-context.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { World } from '../../src/world/world.js';
import { TEST_SERVICE_OPTIONS } from '../support/service-options.js';

describe('a strategy context', () => {
  it("is the service port's fields in their order, then the config", () => {
    const world = new World(new Simulation({ seed: 1 }), { defaultLink: defaultScenario.network });
    world.addNode('service-1');
    const port = makeServicePort(world, 'service-1', TEST_SERVICE_OPTIONS);
    const config = { lockTtlMs: 5000 };
    const ctx = strategyContext(port, config);
    const spread = { ...port, config };
    expect(Object.keys(ctx)).toEqual(Object.keys(spread));
    for (const key of Object.keys(spread) as Array<keyof typeof spread>) expect(ctx[key]).toBe(spread[key]);
  });
});
