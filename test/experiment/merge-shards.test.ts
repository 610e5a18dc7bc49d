import { describe, expect, it } from 'vitest';
import { joinShards } from '../../src/experiment/merge-shards.js';
import { caseBlock, assignShards } from '../../src/experiment/shard-assignment.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';

const run = { strategy: 'none', base: huntBaseScenario, property: 'no-double-charge', seed: 1, runs: 30 };

function huntShard(index: number, outcome: object) {
  const shard = { index, count: 3 };
  return {
    name: `shard-${index}.json`,
    data: {
      format: 'idemsim-shard',
      version: 1,
      shard,
      command: 'hunt',
      run,
      cases: caseBlock(shard, 30),
      outcome,
    },
  };
}

const find = (runs: number) => ({
  found: true,
  runs,
  path: String(runs - 1),
  shrinks: 0,
  shrinkRuns: 0,
  huntCase: {},
});

describe('joinShards', () => {
  it('of hunt shards that each found one, picks the find earliest in the case stream', () => {
    const joined = joinShards([
      huntShard(3, find(25)),
      huntShard(2, find(12)),
      huntShard(1, { found: false, runs: 10, interrupted: false }),
    ]);
    expect(joined).toEqual({ ok: true, joined: { command: 'hunt', run, outcome: find(12) } });
  });

  it('of hunt shards that found nothing, counts every case tried', () => {
    const none = (runs: number) => ({ found: false, runs, interrupted: false });
    const joined = joinShards([huntShard(1, none(10)), huntShard(2, none(10)), huntShard(3, none(10))]);
    expect(joined).toEqual({ ok: true, joined: { command: 'hunt', run, outcome: none(30) } });
  });

  it('refuses a shard whose block is not its share', () => {
    const moved = huntShard(2, find(12));
    const data = { ...moved.data, cases: { first: 0, end: 10 } };
    expect(joinShards([huntShard(1, find(3)), { ...moved, data }, huntShard(3, find(25))])).toEqual({
      ok: false,
      problem: 'shard-2.json does not hold the cases of shard 2/3',
    });
  });
});

describe('the split', () => {
  it('deals series longest first to the least loaded shard, ties to the lower shard', () => {
    expect(assignShards([5, 5, 5, 10, 1, 1], 3)).toEqual([2, 3, 2, 1, 3, 3]);
  });

  it('blocks of cases cover every case once, in order', () => {
    const blocks = [1, 2, 3].map((index) => caseBlock({ index, count: 3 }, 10));
    expect(blocks).toEqual([
      { first: 0, end: 3 },
      { first: 3, end: 6 },
      { first: 6, end: 10 },
    ]);
  });
});
