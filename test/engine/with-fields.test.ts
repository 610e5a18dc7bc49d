import { describe, expect, it } from 'vitest';
import { withFields } from '../../src/engine/with-fields.js';

describe('withFields', () => {
  it('makes what the spread makes: the same keys in the same order, the fields over the source', () => {
    const source = { status: 201, body: { id: 'ch_1' }, answeredAtMs: 1 };
    const made = withFields(source, { answeredAtMs: 7, extra: null });
    const spread = { ...source, answeredAtMs: 7, extra: null };
    expect(Object.keys(made)).toEqual(Object.keys(spread));
    expect(made).toEqual(spread);
    expect(made.body).toBe(source.body);
  });

  it('leaves its source as it was', () => {
    const source = { a: 1 };
    const made = withFields(source, { a: 2, b: 3 });
    expect(source).toEqual({ a: 1 });
    expect(made).not.toBe(source);
  });
});
