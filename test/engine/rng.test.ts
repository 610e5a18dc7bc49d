import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng.js';

const take = (rng: Rng, count: number): number[] =>
  Array.from({ length: count }, () => rng.int(0, 1_000_000));

describe('Rng', () => {
  it('replays the same stream for the same seed', () => {
    expect(take(new Rng(42), 5)).toEqual(take(new Rng(42), 5));
    expect(take(new Rng(42), 5)).not.toEqual(take(new Rng(43), 5));
  });

  it('a named fork does not depend on what else was drawn or forked', () => {
    const quiet = new Rng(42);
    const busy = new Rng(42);
    take(busy, 100);
    busy.fork('clients');
    expect(take(busy.fork('network'), 5)).toEqual(take(quiet.fork('network'), 5));
  });

  it('different fork names and nested paths give different streams', () => {
    const root = new Rng(42);
    expect(take(root.fork('a'), 5)).not.toEqual(take(root.fork('b'), 5));
    expect(take(root.fork('a').fork('b'), 5)).not.toEqual(take(root.fork('b').fork('a'), 5));
    expect(root.fork('a').fork('b').path).toBe('root/a/b');
  });

  it('float is in [0, 1) and int honours both bounds', () => {
    const rng = new Rng(1);
    const ints = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const value = rng.float();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      ints.add(rng.int(1, 3));
    }
    expect([...ints].sort()).toEqual([1, 2, 3]);
  });

  it('chance(0) never fires and does not draw', () => {
    const rng = new Rng(5);
    expect(rng.chance(0)).toBe(false);
    expect(take(rng, 3)).toEqual(take(new Rng(5), 3));
  });
});
