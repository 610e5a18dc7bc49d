/**
 * `hunt --time --jobs`: how the pool of seeds (hunt-seed-pool.ts) answers, with fake searches in
 * place of the worker threads, so that every order of answers can be played.
 */
import { describe, expect, it } from 'vitest';
import type { HuntResult } from '../../src/hunt/hunt.js';
import { huntSeedsSideBySide, poolSeeds } from '../../src/cli/hunt-seed-pool.js';
import type { HuntRequest, HuntRun, HuntTick } from '../../src/cli/hunt-run.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { fakeCoverage, fakeHuntWorkers, settle } from './fake-hunt-workers.js';

const request: HuntRequest = {
  strategyReference: 'none',
  propertyList: 'no-double-charge',
  base: huntBaseScenario,
  runs: Number.MAX_SAFE_INTEGER,
  seed: 7,
  timeLimitMs: 60_000,
};

const held = (seed: number, runs: number, interrupted = true): HuntRun => ({
  result: { found: false, runs, interrupted, strategy: 'none', seed } as unknown as HuntResult,
  coverage: fakeCoverage(runs),
});

const found = (seed: number, runs: number): HuntRun => ({
  result: { found: true, runs, strategy: 'none', seed } as unknown as HuntResult,
  coverage: fakeCoverage(runs),
});

const tick = (phase: HuntTick['phase'], runs: number): HuntTick => ({
  phase,
  runs,
  failures: phase === 'shrink' ? 1 : 0,
  coverage: () => fakeCoverage(runs),
});

describe('hunt --time --jobs: searches of their own seeds, side by side', () => {
  it('gives each search the request with a seed of its own, from --seed up', () => {
    expect(poolSeeds(7, 3)).toEqual([7, 8, 9]);
    const { searches, start } = fakeHuntWorkers();
    void huntSeedsSideBySide(request, [], 3, () => {}, start);
    expect(searches.map((search) => search.request)).toEqual([
      { ...request, seed: 7 },
      { ...request, seed: 8 },
      { ...request, seed: 9 },
    ]);
  });

  it("answers with the first find, whichever seed's, and adds what the others had tried to its coverage", async () => {
    const { searches, start } = fakeHuntWorkers();
    const pooled = huntSeedsSideBySide(request, [], 3, () => {}, start);
    searches[0]?.report(tick('search', 40));
    searches[1]?.report(tick('search', 25));
    searches[2]?.answer(found(9, 30));
    const run = await pooled;
    expect(run.result).toMatchObject({ found: true, seed: 9, runs: 30 });
    expect(run.coverage.cases).toBe(95);
    expect(searches.map((search) => search.stopped)).toEqual([true, true, false]);
  });

  it('stops the other searches as soon as one starts shrinking, so the shrink has the cores', async () => {
    const { searches, start } = fakeHuntWorkers();
    const shown: HuntTick[] = [];
    void huntSeedsSideBySide(request, [], 2, (seen) => shown.push(seen), start);
    searches[0]?.report(tick('search', 10));
    expect(searches.map((search) => search.stopped)).toEqual([false, false]);
    searches[1]?.report(tick('shrink', 3));
    expect(searches.map((search) => search.stopped)).toEqual([true, false]);
    expect(shown.at(-1)).toMatchObject({ phase: 'shrink', runs: 3 });
  });

  it('fails with the first error, and stops the rest', async () => {
    const { searches, start } = fakeHuntWorkers();
    const pooled = huntSeedsSideBySide(request, [], 3, () => {}, start);
    searches[1]?.fail(new Error('broken on seed 8'));
    await expect(pooled).rejects.toThrow('broken on seed 8');
    expect(searches.map((search) => search.stopped)).toEqual([true, false, true]);
  });

  it('waits for every search to hold, then is one hunt of all their runs under every seed', async () => {
    const { searches, start } = fakeHuntWorkers();
    let answer: HuntRun | undefined;
    void huntSeedsSideBySide(request, [], 2, () => {}, start).then((run) => (answer = run));
    searches[1]?.answer(held(8, 120));
    await settle();
    expect(answer).toBeUndefined(); // seed 7 may still find one
    searches[0]?.answer(held(7, 100, false));
    await settle();
    expect(answer?.result).toMatchObject({
      found: false,
      seed: 7,
      seeds: [7, 8],
      runs: 220,
      interrupted: true,
    });
    expect(answer?.coverage).toMatchObject({ cases: 220, faultKinds: { crash: 220 } });
  });
});
