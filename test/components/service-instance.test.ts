/**
 * A service instance's answer: the app's response with the moment it left the instance, built
 * without a spread (service-instance.ts says why), which must not show.
 */
import { describe, expect, it } from 'vitest';
import type { Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { HttpResponse } from '../../src/components/port/http.js';
import { PAYMENTS_METHOD, startServiceInstance } from '../../src/components/service-instance.js';
import { call } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';
import { TEST_SERVICE_OPTIONS } from '../support/service-options.js';

/** What the client gets back when the app answers `response` after 3 ms. */
async function served(response: HttpResponse | (() => never)): Promise<unknown> {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const app = {
    *handle(): Proc<HttpResponse> {
      yield { kind: 'sleep', ms: 3 };
      if (typeof response === 'function') return response();
      return response;
    },
    workers: [],
  };
  startServiceInstance(world, world.addNode('service-1'), app, TEST_SERVICE_OPTIONS);
  world.addNode('client');
  let got: unknown;
  world.node('client').spawn(
    (function* () {
      const outcome = yield* call(world, 'client', 'service-1', PAYMENTS_METHOD, null, { timeoutMs: 100 });
      got = outcome.type === 'ok' ? outcome.value : outcome;
    })(),
    'client',
    undefined,
  );
  await sim.run();
  return got;
}

describe('a service instance answers', () => {
  it("with the app's fields, in their order, then the moment the answer left (4 ms: 1 on the way, 3 of work)", async () => {
    const answer = await served({ status: 201, body: { id: 'ch_1' }, extra: 'kept' } as HttpResponse);
    expect(answer).toEqual({ status: 201, body: { id: 'ch_1' }, extra: 'kept', answeredAtMs: 4 });
    expect(Object.keys(answer as object)).toEqual(['status', 'body', 'extra', 'answeredAtMs']);
  });

  it("with its own stamp over one the app wrote, where the app's field stood", async () => {
    const answer = await served({ answeredAtMs: 999, status: 200, body: null } as HttpResponse);
    expect(answer).toEqual({ answeredAtMs: 4, status: 200, body: null });
    expect(Object.keys(answer as object)).toEqual(['answeredAtMs', 'status', 'body']);
  });

  it('with a stamped 500 when the app throws', async () => {
    const answer = await served(() => {
      throw new TypeError('no such row');
    });
    expect(answer).toEqual({
      status: 500,
      body: { error: 'TypeError', message: 'no such row' },
      answeredAtMs: 4,
    });
  });
});
