import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/components/retry-policy.js';
import { Rng } from '../../src/engine/rng.js';

describe('backoffMs', () => {
  it('stays a number however many attempts: a zero base never makes a NaN delay', () => {
    const policy = { attemptsMax: 1100, backoffBaseMs: 0, backoffMaxMs: 5000, jitter: 'none' } as const;
    expect([1, 2, 64, 1099].map((attempt) => backoffMs(policy, attempt, new Rng(1)))).toEqual([0, 0, 0, 0]);
  });

  it('reaches the cap, not Infinity, for late attempts', () => {
    const policy = { attemptsMax: 1100, backoffBaseMs: 100, backoffMaxMs: 5000, jitter: 'none' } as const;
    expect([1, 2, 1099].map((attempt) => backoffMs(policy, attempt, new Rng(1)))).toEqual([100, 200, 5000]);
  });
});
