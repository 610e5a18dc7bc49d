import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { TraceEntry } from '../../src/engine/trace.js';
import {
  CHARGE_METHOD,
  FIND_CHARGE_METHOD,
  PaymentProvider,
  type ChargeReply,
} from '../../src/components/payment-provider.js';
import type { ChargeRequest } from '../../src/components/port/port.js';
import { call } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';

/** A provider taking 100 ms per charge, 1 ms links, keys kept for `retentionMs`. */
function setup(options: { enabled?: boolean; retentionMs?: number } = {}) {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  world.addNode('caller');
  const provider = new PaymentProvider(
    world,
    world.addNode('psp'),
    {
      latency: { kind: 'constant', ms: 100 },
      idempotency: { enabled: options.enabled ?? true, retentionMs: options.retentionMs ?? 86_400_000 },
    },
    sim.rng.fork('psp'),
  );
  const log: string[] = [];
  const charge = (atMs: number, request: ChargeRequest): void => {
    function* caller(): Proc {
      yield* sleep(atMs);
      const outcome = yield* call<ChargeReply>(world, 'caller', 'psp', CHARGE_METHOD, request, {
        timeoutMs: 10_000,
      });
      if (outcome.type !== 'ok') return void log.push(`${sim.now} ${outcome.type}`);
      const reply = outcome.value;
      log.push(
        `${sim.now} ${reply.ok ? `charged ${reply.charge.chargeId}` : `${reply.status} ${reply.code}`}`,
      );
    }
    world.node('caller').spawn(caller(), 'caller', { intentId: 'pay-1' });
  };
  return { sim, world, provider, log, charge };
}

const request = { amount: 500, currency: 'EUR', idempotencyKey: 'k1', reference: 'r1' } as const;

describe('PaymentProvider', () => {
  it('replays a finished key, answers 409 while it is in flight, 400 for other parameters', async () => {
    const { sim, log, charge, provider } = setup();
    charge(0, request);
    charge(50, request); // while the first is processing
    charge(200, request); // after it finished
    charge(300, { ...request, amount: 999 });
    await sim.run();
    expect(log).toEqual([
      '52 409 idempotency_key_in_use',
      '102 charged ch_1',
      '202 charged ch_1',
      '302 400 idempotency_key_reused_with_other_parameters',
    ]);
    expect(provider.ledger.map((entry) => [entry.chargeId, entry.intentId, entry.reference])).toEqual([
      ['ch_1', 'pay-1', 'r1'],
    ]);
  });

  it('charges again once the retention window has passed (Stripe keeps keys 24 h)', async () => {
    const { sim, log, charge } = setup({ retentionMs: 1000 });
    charge(0, request);
    charge(1100, request);
    await sim.run();
    expect(log).toEqual(['102 charged ch_1', '1202 charged ch_2']);
    // The trace says why a known key charged again, and since when it was forgotten (finished at 101, kept 1 s).
    const keys = sim.trace.all
      .filter((entry) => entry.type === 'psp.key')
      .map((entry) => ({
        t: entry.t,
        decision: entry.decision,
        forgottenAtMs: (entry as TraceEntry)['forgottenAtMs'],
      }));
    expect(keys).toEqual([{ t: 1101, decision: 'forgotten', forgottenAtMs: 1101 }]);
  });

  it('without key support every request charges', async () => {
    const { sim, log, charge } = setup({ enabled: false });
    charge(0, request);
    charge(50, request);
    await sim.run();
    expect(log).toEqual(['102 charged ch_1', '152 charged ch_2']);
  });

  it('a crash before the commit loses the charge and frees the in-flight key', async () => {
    const { sim, world, log, charge, provider } = setup();
    charge(0, request);
    sim.schedule(50, () => world.node('psp').crash());
    sim.schedule(60, () => world.node('psp').restart());
    charge(70, request);
    await sim.run({ untilMs: 20_000 });
    expect(log).toEqual(['172 charged ch_1', '10000 info']);
    expect(provider.ledger).toHaveLength(1);
  });

  it('finds a charge by its reference', async () => {
    const { sim, world, charge } = setup();
    charge(0, request);
    const found: unknown[] = [];
    world.node('caller').spawn(
      (function* () {
        yield* sleep(200);
        for (const reference of ['r1', 'nope']) {
          const outcome = yield* call(world, 'caller', 'psp', FIND_CHARGE_METHOD, reference, {
            timeoutMs: 100,
          });
          found.push(outcome.type === 'ok' ? outcome.value : outcome.type);
        }
      })(),
      'finder',
      undefined,
    );
    await sim.run();
    expect(found).toEqual([{ chargeId: 'ch_1', amount: 500, currency: 'EUR', status: 'succeeded' }, null]);
  });

  it('hands its ledger out read-only: a reader cannot add or attribute a charge', async () => {
    const { sim, charge, provider } = setup();
    charge(0, request);
    await sim.run();
    const ledger = provider.ledgerColumns;
    expect(ledger.length).toBe(1);
    expect(ledger.entryAt(0).chargeId).toBe('ch_1');
    // Type-checked by `npm test` (tsc): each line fails to compile if the view lets a reader write.
    // @ts-expect-error the view has no append
    expect(ledger.append).toBeDefined();
    // @ts-expect-error the view has no attribute
    expect(ledger.attribute).toBeDefined();
  });
});
