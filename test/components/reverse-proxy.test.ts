import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { HttpResponse } from '../../src/components/port/http.js';
import { startReverseProxy, type ReverseProxyOptions } from '../../src/components/reverse-proxy.js';
import { PAYMENTS_METHOD } from '../../src/components/service-instance.js';
import { call } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';

/** Upstreams that answer `status` after `workMs`; the log shows who handled what, when. */
function setup(
  proxy: Omit<ReverseProxyOptions, 'upstreams'>,
  upstreams: Record<string, { status: number; workMs: number }>,
) {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const log: string[] = [];
  for (const [name, behaviour] of Object.entries(upstreams)) {
    world.addNode(name).serve(PAYMENTS_METHOD, function* (): Proc<HttpResponse> {
      log.push(`${sim.now} ${name} handles`);
      yield* sleep(behaviour.workMs);
      return { status: behaviour.status, body: name };
    });
  }
  startReverseProxy(world, world.addNode('proxy'), { ...proxy, upstreams: Object.keys(upstreams) });
  world.addNode('client');
  const send = (count: number): void => {
    world.node('client').spawn(
      (function* () {
        for (let i = 0; i < count; i++) {
          const outcome = yield* call<HttpResponse>(
            world,
            'client',
            'proxy',
            PAYMENTS_METHOD,
            {},
            { timeoutMs: 10_000 },
          );
          log.push(
            `${sim.now} client got ${outcome.type === 'ok' ? `${outcome.value.status} ${JSON.stringify(outcome.value.body)}` : outcome.type}`,
          );
        }
      })(),
      'client',
      undefined,
    );
  };
  return { sim, world, log, send };
}

const loadBalancer = { upstreamTimeoutMs: 100, attemptsMax: 1, retryOn: [] } as const;

describe('reverse proxy', () => {
  it('balances round-robin', async () => {
    const { sim, log, send } = setup(loadBalancer, {
      a: { status: 201, workMs: 0 },
      b: { status: 201, workMs: 0 },
    });
    send(3);
    await sim.run();
    expect(log).toEqual([
      '2 a handles',
      '4 client got 201 "a"',
      '6 b handles',
      '8 client got 201 "b"',
      '10 a handles',
      '12 client got 201 "a"',
    ]);
  });

  it('passes a refused connection to the next upstream: nothing happened there', async () => {
    const { sim, world, log, send } = setup(loadBalancer, {
      a: { status: 201, workMs: 0 },
      b: { status: 201, workMs: 0 },
    });
    world.node('a').crash();
    send(1);
    await sim.run();
    expect(log).toEqual(['4 b handles', '6 client got 201 "b"']);
  });

  it('a load balancer does not retry a POST that timed out: 504', async () => {
    const { sim, log, send } = setup(loadBalancer, { a: { status: 201, workMs: 500 } });
    send(1);
    await sim.run();
    expect(log).toEqual(['2 a handles', '102 client got 504 {"error":"gateway_timeout"}']);
  });

  it('a retrying gateway sends the same request again on 5xx and on timeout (mechanism 13)', async () => {
    const { sim, log, send } = setup(
      { upstreamTimeoutMs: 100, attemptsMax: 3, retryOn: ['5xx', 'timeout'] },
      {
        slow: { status: 201, workMs: 500 },
        broken: { status: 503, workMs: 0 },
        fine: { status: 201, workMs: 0 },
      },
    );
    send(1);
    await sim.run();
    expect(log).toEqual([
      '2 slow handles', // the proxy gives up on it at t=101, but it keeps working
      '102 broken handles', // retry 1: a 503
      '104 fine handles', // retry 2: success
      '106 client got 201 "fine"',
    ]);
  });
});
