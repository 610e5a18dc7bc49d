import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  huntCaseArbitrary,
  huntSpace,
  runCase,
  strategyNamed,
  type HttpResponse,
  type Strategy,
} from 'idemsim';

// A strategy of our own: look the key up in Redis, charge if it is absent, store the answer.
const getThenSet: Strategy = {
  name: 'redis-get-then-set',
  summary: 'GET the key; if absent, charge and SET the answer',
  assumes: 'two requests with one key never overlap',
  breaksUnder: 'double submits, and retries while the first attempt is still charging',
  defaults: {},
  *handle(request, ctx) {
    const stored = yield* ctx.redis.get(`idem:${request.key}`);
    if (stored !== null) return JSON.parse(stored) as HttpResponse;
    const charge = yield* ctx.psp.charge(request.body);
    const answer = { status: 201, body: charge };
    yield* ctx.redis.set(`idem:${request.key}`, JSON.stringify(answer));
    return answer;
  },
};

describe('our payments API never charges twice', () => {
  it('holds for db-atomic while the provider honours keys', async () => {
    const strategy = strategyNamed('db-atomic');
    const space = await huntSpace(strategy); // bounds, and the links this strategy uses
    await fc.assert(
      fc.asyncProperty(huntCaseArbitrary(space), async (huntCase) => {
        const { summary } = await runCase(strategy, huntCase);
        expect(summary.doubleCharges).toBe(0);
      }),
      { seed: 42, numRuns: 30 }, // pin the seed: the same cases on every run
    );
  });

  it('breaks for get-then-set, and fast-check shrinks it to one payment', async () => {
    const space = await huntSpace(getThenSet);
    const result = await fc.check(
      fc.asyncProperty(
        huntCaseArbitrary(space),
        async (huntCase) => (await runCase(getThenSet, huntCase)).summary.doubleCharges === 0,
      ),
      { seed: 42, numRuns: 100 },
    );
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0].payments).toBe(1);
  });
});
