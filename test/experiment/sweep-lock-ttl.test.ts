import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../src/experiment/sweep.js';
import { planSweep, type SweepPlan } from '../../src/scenario/sweep-plan.js';
import { strategies } from '../../src/strategies/registry.js';

const SCENARIO = join(import.meta.dirname, '..', '..', 'scenarios', '05-lease-outlived.yaml');

function plan(field: string, from: string, to: string, steps: number): SweepPlan {
  const planned = planSweep(readFileSync(SCENARIO, 'utf8'), '05-lease-outlived', { field, from, to, steps });
  if (!planned.ok) throw new Error(planned.problem);
  return planned.plan;
}

describe('sweeping the lock TTL of 05-lease-outlived (a 3 s pause, a long provider tail)', () => {
  it('redis-setnx stops double-charging once the lock outlives the pause; db-atomic never does', async () => {
    const result = await sweep({
      plan: plan('strategies.redis-setnx.lockTtl', '1s', '7s', 4),
      strategies: [strategies.get('redis-setnx')!, strategies.get('db-atomic')!],
      seedCount: 3,
    });
    expect(result.seeds).toEqual([1, 2, 3]);
    expect(result.points.map((point) => point.label)).toEqual(['1s', '3s', '5s', '7s']);
    const rates = (strategy: string): number[] =>
      result.points.map((point) => {
        const found = point.results.find((candidate) => candidate.strategy === strategy)!;
        return found.doubleCharges / found.payments;
      });
    const redis = rates('redis-setnx');
    // Up to the pause (3 s) the lock runs out while its owner is frozen; past it, it holds.
    expect(redis[0]).toBeGreaterThan(0);
    expect(redis[1]).toBeGreaterThan(0);
    expect(redis.slice(2)).toEqual([0, 0]);
    expect(redis[0]).toBeGreaterThanOrEqual(redis[1]!);
    expect(rates('db-atomic')).toEqual([0, 0, 0, 0]);
  });

  it('every value runs with only that field changed', () => {
    const { points } = plan('strategies.redis-setnx.lockTtl', '1s', '7s', 4);
    // Kept as the file would write it (a bare number is ms); a run reads it into lockTtlMs.
    expect(points.map((point) => point.scenario.strategyConfig['redis-setnx'])).toEqual(
      [1000, 3000, 5000, 7000].map((lockTtl) => ({ lockTtl })),
    );
    const [first, ...rest] = points.map(({ scenario }) => ({
      ...scenario,
      strategyConfig: { ...scenario.strategyConfig, 'redis-setnx': {} },
    }));
    for (const other of rest) expect(other).toEqual(first);
  });
});
