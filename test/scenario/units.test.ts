import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationMs, parseRatePerSec } from '../../src/scenario/units.js';

describe('units', () => {
  it('parses durations in every unit, and bare numbers as ms', () => {
    expect(['500us', '250ms', '1.5s', '2m', '3min', '24h', '1d', 40, '7 s'].map(parseDurationMs)).toEqual([
      0.5, 250, 1500, 120_000, 180_000, 86_400_000, 86_400_000, 40, 7000,
    ]);
    expect(['', 'soon', '-1s', '1 parsec', -5, Number.NaN, null].map(parseDurationMs)).toEqual(
      Array(7).fill(undefined),
    );
  });

  it('parses rates per second, minute or hour', () => {
    expect(['30/s', '30/sec', '120/min', '3600/h', 2.5].map(parseRatePerSec)).toEqual([30, 30, 2, 1, 2.5]);
    expect(['30', '0/s', 'fast', 0].map(parseRatePerSec)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('formats durations back to their shortest exact form', () => {
    expect([250, 1500, 120_000, 5_400_000, 0.5].map(formatDuration)).toEqual([
      '250ms',
      '1.5s',
      '2m',
      '1.5h',
      '0.5ms',
    ]);
  });
});
