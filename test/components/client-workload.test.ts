import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { startWorkload, type ClientOptions } from '../../src/components/client-workload.js';
import { History } from '../../src/components/history.js';
import type { HttpResponse, PaymentRequest } from '../../src/components/port/http.js';
import { PAYMENTS_METHOD } from '../../src/components/service-instance.js';
import { asCausalContext } from '../../src/world/causal-context.js';
import { World } from '../../src/world/world.js';

const client: ClientOptions = {
  timeoutMs: 100,
  retry: { attemptsMax: 3, backoffBaseMs: 10, backoffMaxMs: 100, jitter: 'none' },
  keyPolicy: 'stable',
  doubleSubmitProbability: 0,
  doubleSubmitGapMs: 50,
  payloadMutationProbability: 0,
};

/** A server answering each request with the next status of `answers` (a number) or never (null). */
function setup(options: Partial<ClientOptions>, answers: ReadonlyArray<number | null>, payments = 1) {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const seen: string[] = [];
  let answered = 0;
  world.addNode('server').serve(PAYMENTS_METHOD, function* (request): Proc<HttpResponse> {
    const { key } = request as PaymentRequest;
    seen.push(`${sim.now} ${String(asCausalContext(sim.current?.context)?.intentId)} key=${String(key)}`);
    const status = answers[answered++ % answers.length];
    if (status === null || status === undefined) yield* sleep(1_000_000);
    return { status: status ?? 500, body: null };
  });
  const history = new History();
  startWorkload({
    world,
    clientNode: world.addNode('client'),
    entryNode: 'server',
    history,
    workload: { payments, arrivalRatePerSec: 1, amount: 100, currency: 'EUR' },
    client: { ...client, ...options },
    rng: sim.rng.fork('workload'),
  });
  return { sim, seen, history };
}

describe('client workload', () => {
  it('stable key: every attempt of a payment sends the same key; backoff doubles', async () => {
    const { sim, seen, history } = setup({}, [503, 409, 201]);
    await sim.run();
    expect(seen).toEqual(['1 pay-1 key=idem-pay-1', '13 pay-1 key=idem-pay-1', '35 pay-1 key=idem-pay-1']);
    expect(history.intents).toEqual([
      {
        intentId: 'pay-1',
        amount: 100,
        startMs: 0,
        endMs: 36,
        result: 'succeeded',
        attempts: 3,
        finalStatus: 201,
      },
    ]);
  });

  it('per-attempt keys: a new key on every attempt (the bug behind mechanism 12)', async () => {
    const { sim, seen } = setup({ keyPolicy: 'per-attempt' }, [503, 503, 201]);
    await sim.run();
    expect(seen.map((line) => line.split(' ')[2])).toEqual([
      'key=idem-pay-1-1-1',
      'key=idem-pay-1-1-2',
      'key=idem-pay-1-1-3',
    ]);
  });

  it('no key policy sends no header', async () => {
    const { sim, seen } = setup({ keyPolicy: 'none' }, [201]);
    await sim.run();
    expect(seen).toEqual(['1 pay-1 key=null']);
  });

  it('a double submit sends the same payment twice, 50 ms apart, and waits for both', async () => {
    const { sim, seen, history } = setup({ doubleSubmitProbability: 1 }, [201]);
    await sim.run();
    expect(seen).toEqual(['1 pay-1 key=idem-pay-1', '51 pay-1 key=idem-pay-1']);
    expect(history.attempts.map((attempt) => [attempt.submission, attempt.attempt, attempt.status])).toEqual([
      [1, 1, 201],
      [2, 1, 201],
    ]);
    expect(history.intents[0]).toMatchObject({ result: 'succeeded', endMs: 52, attempts: 2 });
  });

  it('a 4xx is final, no retry: 400 says the payment failed, 422 (key reused) concludes nothing', async () => {
    const refused = setup({}, [400]);
    await refused.sim.run();
    expect(refused.history.intents[0]).toMatchObject({ result: 'failed', attempts: 1, finalStatus: 400 });
    const conflicting = setup({}, [422]);
    await conflicting.sim.run();
    expect(conflicting.history.intents[0]).toMatchObject({
      result: 'unknown',
      attempts: 1,
      finalStatus: 422,
    });
  });

  it('timeouts until attempts run out leave the client not knowing: unknown', async () => {
    const { sim, history } = setup({}, [null]);
    await sim.run({ untilMs: 10_000 });
    expect(history.attempts.map((attempt) => [attempt.startMs, attempt.endMs, attempt.outcome])).toEqual([
      [0, 100, 'info'],
      [110, 210, 'info'],
      [230, 330, 'info'],
    ]);
    expect(history.intents[0]).toMatchObject({ result: 'unknown', endMs: 330, finalStatus: null });
  });
});
