/**
 * `hunt --jobs`: how the pool (hunt-pool.ts) picks its answer from blocks that answer in any
 * order. Fake blocks stand in for the worker threads, so every order can be played: the answer
 * must always be the one the one-thread hunt gives, which stops at the first failing case.
 */
import { describe, expect, it } from 'vitest';
import type { HuntResult } from '../../src/hunt/hunt.js';
import { huntInBlocks } from '../../src/cli/hunt-pool.js';
import type { HuntRequest, HuntRun } from '../../src/cli/hunt-run.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { fakeCoverage, fakeHuntWorkers, settle } from './fake-hunt-workers.js';

const request: HuntRequest = {
  strategyReference: 'none',
  propertyList: 'no-double-charge',
  base: huntBaseScenario,
  runs: 300,
  seed: 1,
};

const passed = (runs: number, interrupted = false): HuntRun => ({
  result: { found: false, runs, interrupted, strategy: 'none', seed: 1 } as unknown as HuntResult,
  coverage: fakeCoverage(runs),
});

const found = (runs: number): HuntRun => ({
  result: { found: true, runs, strategy: 'none', seed: 1 } as unknown as HuntResult,
  coverage: fakeCoverage(runs),
});

describe('hunt --jobs: the pool of blocks', () => {
  it('splits the cases into consecutive blocks of the one stream', () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    void huntInBlocks(request, [], 3, () => {}, start);
    expect(blocks.map((block) => [block.request.firstCase, block.request.runs])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
  });

  it('waits for an earlier block before taking a later find, and stops the blocks after a find', async () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    let answer: HuntRun | undefined;
    void huntInBlocks(request, [], 3, () => {}, start).then((run) => (answer = run));
    blocks[1]?.answer(found(150));
    await settle();
    expect(answer).toBeUndefined(); // block 1 may still find an earlier case
    expect(blocks.map((block) => block.stopped)).toEqual([false, false, true]);
    blocks[0]?.answer(passed(100));
    await settle();
    expect(answer?.result).toMatchObject({ found: true, runs: 150 });
  });

  it("takes an earlier block's find over a later one's that came first", async () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    const pooled = huntInBlocks(request, [], 2, () => {}, start);
    blocks[1]?.answer(found(120));
    await settle();
    blocks[0]?.answer(found(40));
    expect((await pooled).result).toMatchObject({ found: true, runs: 40 });
  });

  it("ignores a later block's error when an earlier block finds (the one-thread hunt never gets there)", async () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    const pooled = huntInBlocks(request, [], 2, () => {}, start);
    blocks[1]?.fail(new Error('broken on case 250'));
    await settle();
    blocks[0]?.answer(found(7));
    expect((await pooled).result).toMatchObject({ found: true, runs: 7 });
  });

  it('fails with the first error in case order', async () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    const pooled = huntInBlocks(request, [], 3, () => {}, start);
    blocks[0]?.answer(passed(100));
    blocks[1]?.fail(new Error('broken on case 150'));
    await expect(pooled).rejects.toThrow('broken on case 150');
    expect(blocks[2]?.stopped).toBe(true);
  });

  it('adds up the runs and coverage of blocks that all passed', async () => {
    const { searches: blocks, start } = fakeHuntWorkers();
    const pooled = huntInBlocks(request, [], 2, () => {}, start);
    blocks[1]?.answer(passed(150, true));
    blocks[0]?.answer(passed(150));
    const run = await pooled;
    expect(run.result).toMatchObject({ found: false, runs: 300, interrupted: true });
    expect(run.coverage).toMatchObject({ cases: 300, faultKinds: { crash: 300 }, casesByFaults: [300] });
    expect(run.coverage.knobs.payments).toEqual({ cases: 300, min: 1, max: 150 });
  });
});
