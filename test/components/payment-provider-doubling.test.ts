/**
 * The provider's doubling test: twice the keyed charges cost the provider about twice the work,
 * not four times. Attributing a worker's charges once scanned the whole ledger for each new
 * idempotency key: invisible at 50 payments, 216 s for 10^5 payments of db-atomic.
 *
 * Both sizes run in this one test, so the machine's speed cancels out; each is the fastest of a
 * few tries in CPU time. Timings on a shared machine wander, so the sizes are four apart: linear is
 * about 4, quadratic about 16, and the bound of 8 sits halfway between them on a log scale.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { CHARGE_METHOD, PaymentProvider } from '../../src/components/payment-provider.js';
import { call } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';

/** Runs `charges` charges, one a ms, each with its own key and intent; answers the ledger's length. */
async function chargeWithNewKeys(charges: number): Promise<number> {
  const sim = new Simulation({ seed: 1, trace: false });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const caller = world.addNode('caller');
  const provider = new PaymentProvider(
    world,
    world.addNode('psp'),
    {
      latency: { kind: 'constant', ms: 10 },
      idempotency: { enabled: true, retentionMs: 86_400_000 },
    },
    sim.rng.fork('psp'),
  );
  function* pay(index: number): Proc {
    const request = { amount: 500, currency: 'EUR', idempotencyKey: `idem-${index}` };
    yield* call(world, 'caller', 'psp', CHARGE_METHOD, request, { timeoutMs: 10_000 });
  }
  function* arrive(): Proc {
    for (let index = 0; index < charges; index++) {
      caller.spawn(pay(index), `pay-${index}`, { intentId: `pay-${index}` });
      yield* sleep(1);
    }
  }
  caller.spawn(arrive(), 'arrivals', undefined);
  await sim.run();
  return provider.ledger.length;
}

/**
 * The least CPU time of `tries` runs of `charges` charges, µs: CPU time, not wall time, so that
 * other processes on a shared machine count less.
 */
async function fastestCpuUs(charges: number, tries: number): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < tries; attempt++) {
    const started = process.cpuUsage();
    expect(await chargeWithNewKeys(charges)).toBe(charges);
    const used = process.cpuUsage(started);
    fastest = Math.min(fastest, used.user + used.system);
  }
  return fastest;
}

describe('the provider under twice the keyed charges', () => {
  it('takes about four times as long for 40,000 charges with new keys as for 10,000', async () => {
    await fastestCpuUs(2_000, 1); // warm up the JIT before anything is timed
    const ratio = (await fastestCpuUs(40_000, 3)) / (await fastestCpuUs(10_000, 4));
    // Linear is about 4; the scan of the ledger per new key made it about 16.
    expect(ratio).toBeLessThan(8);
  }, 60_000);
});
