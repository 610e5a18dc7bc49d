import { describe, expect, it } from 'vitest';
import { VIRTUAL_EPOCH_MS, withVirtualDate } from '../../src/world/virtual-date.js';

describe('withVirtualDate', () => {
  it('presents virtual time to Date.now and new Date() inside the call only', () => {
    // biome-ignore lint/complexity/useDateNow: both ways of reading the clock must see virtual time
    const seen = withVirtualDate(1500, () => [Date.now(), new Date().getTime(), new Date(0).getTime()]);
    expect(seen).toEqual([VIRTUAL_EPOCH_MS + 1500, VIRTUAL_EPOCH_MS + 1500, 0]);
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(60_000);
  });

  it('restores the real Date even when the call throws, and across nesting', () => {
    const RealDate = Date;
    expect(() =>
      withVirtualDate(5, () => {
        expect(withVirtualDate(7, () => Date.now())).toBe(VIRTUAL_EPOCH_MS + 7);
        expect(Date.now()).toBe(VIRTUAL_EPOCH_MS + 5);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Date).toBe(RealDate);
  });
});
