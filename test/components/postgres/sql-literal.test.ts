/**
 * numberText (sql-literal.ts) prints a number as String does, through its own path for times in
 * milliseconds with up to three fraction digits: the same text for those, for their neighbours
 * that are not such decimals, and for every edge it hands to String.
 */
import { describe, expect, it } from 'vitest';
import { numberText, toLiteral } from '../../../src/components/postgres/sql-literal.js';

describe('numberText', () => {
  it('prints what String prints, for millisecond times and their neighbours', () => {
    for (const value of seededValues(20_000)) expect(numberText(value)).toBe(String(value));
  });

  it('prints what String prints at the edges of its own path', () => {
    const edges = [
      0,
      -0,
      0.001,
      -0.001,
      0.01,
      0.1,
      0.0001,
      1e-7,
      0.5,
      -12.41,
      12.41,
      5012.007,
      5012.07,
      5012.7,
      999_999_999_999.999,
      1e12 + 0.5,
      1e15 / 1000 - 0.001,
      1e21,
      0.1 + 0.2,
      5e-324,
      Number.MAX_SAFE_INTEGER,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    for (const value of edges) expect(numberText(value)).toBe(String(value));
  });

  it('is what a number binds as', () => {
    expect(toLiteral(12.41)).toEqual({ type: 'string', value: '12.41' });
    expect(toLiteral(-0)).toEqual({ type: 'string', value: '0' });
  });
});

/** Numbers for sql-literal.test.ts: decimals of one to three fraction digits at every magnitude, and near misses. */
function seededValues(count: number): number[] {
  let state = 12345;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const whole = Math.floor(next() * 10 ** (1 + (index % 16)));
    values.push(whole / 1000, -whole / 1000, whole / 100, whole / 10, whole / 1000 - 5000);
    values.push(whole / 1000 + 0.1 + 0.2, next() * 10 ** (index % 22), whole / 1000 + Number.EPSILON * whole);
  }
  return values;
}
