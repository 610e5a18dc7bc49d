import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng.js';
import { sampleLatency, type LatencySpec } from '../../src/world/latency.js';

function draws(spec: LatencySpec, count: number): number[] {
  const rng = new Rng(3);
  return Array.from({ length: count }, () => sampleLatency(spec, rng));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe('sampleLatency', () => {
  it('constant and uniform stay in range', () => {
    expect(draws({ kind: 'constant', ms: 4 }, 3)).toEqual([4, 4, 4]);
    for (const value of draws({ kind: 'uniform', minMs: 5, maxMs: 9 }, 1000)) {
      expect(value).toBeGreaterThanOrEqual(5);
      expect(value).toBeLessThanOrEqual(9);
    }
  });

  it('each distribution has roughly the centre it promises', () => {
    expect(median(draws({ kind: 'lognormal', medianMs: 200, sigma: 1 }, 20_000))).toBeCloseTo(200, -1);
    const exponential = draws({ kind: 'exponential', meanMs: 50 }, 20_000);
    expect(exponential.reduce((a, b) => a + b, 0) / exponential.length).toBeCloseTo(50, -1);
    // Pareto median = minMs * 2^(1/alpha)
    expect(median(draws({ kind: 'pareto', minMs: 100, alpha: 2 }, 20_000))).toBeCloseTo(100 * Math.SQRT2, -1);
  });

  it('caps the tail', () => {
    expect(Math.max(...draws({ kind: 'pareto', minMs: 10, alpha: 0.5, capMs: 500 }, 5000))).toBe(500);
  });

  it('rounds to microseconds', () => {
    for (const value of draws({ kind: 'exponential', meanMs: 3 }, 100)) {
      expect(Math.round(value * 1000) / 1000).toBe(value);
    }
  });
});
