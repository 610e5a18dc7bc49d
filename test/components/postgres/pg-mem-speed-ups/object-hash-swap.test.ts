import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  fastObjectHash,
  fastObjectHashInstalled,
} from '../../../../src/components/postgres/pg-mem-speed-ups/object-hash-swap.js';

const fromPgMem = createRequire(createRequire(import.meta.url).resolve('pg-mem'));
const objectHashPath = fromPgMem.resolve('object-hash');

/** object-hash as published, loaded apart from the module cache entry the swap replaced. */
function publishedObjectHash(): (value: unknown, options?: unknown) => string {
  const cached = fromPgMem.cache[objectHashPath];
  delete fromPgMem.cache[objectHashPath];
  try {
    return fromPgMem('object-hash') as (value: unknown, options?: unknown) => string;
  } finally {
    if (cached !== undefined) fromPgMem.cache[objectHashPath] = cached;
  }
}

class Named {
  readonly field = 'x';
}

const shared = { op: '=' };

/** Shapes pg-mem hashes (objects of hashes, arrays of hashes, operators), and harder ones. */
const VALUES: unknown[] = [
  'select 1',
  '',
  'é ✓ \u{1F600}',
  0,
  -1.5,
  Number.NaN,
  true,
  null,
  { param: '$1' },
  { left: 'a1b2', op: '=', right: 'c3d4' },
  { op: 'AND', vals: ['b', 'a'] },
  { when: [{ when: 'h1', result: 'h2' }], else: undefined },
  ['h1', 'h2', 'h3'],
  [],
  {},
  { nested: { deeper: { deepest: [1, 'two', null, false] } } },
  { twice: shared, again: shared },
  Object.create(null),
  new Named(),
  { fn: (x: number) => x + 1, native: Math.max },
  function namedFunction() {
    return 1;
  },
  { date: new Date(0) },
  new Map([['k', 'v']]),
  new Set(['a', 'b']),
  new Uint8Array([1, 2]),
  Buffer.from('abc'),
  { big: 10n },
  Symbol('s'),
];

describe('fastObjectHash', () => {
  const published = publishedObjectHash();
  const fast = fastObjectHash(published, (text) => createHash('sha1').update(text, 'utf8').digest('hex'));

  it('gives object-hash’s very answer for every value, twice (the second from its memo)', () => {
    const expected = VALUES.map((value) => published(value));
    expect(VALUES.map((value) => fast(value))).toEqual(expected);
    expect(VALUES.map((value) => fast(value))).toEqual(expected);
    expect(new Set(expected).size).toBe(VALUES.length);
  });

  it('passes calls with options, and refusals, to object-hash', () => {
    expect(fast({ a: 1 }, { algorithm: 'md5' })).toBe(published({ a: 1 }, { algorithm: 'md5' }));
    expect(() => fast(undefined)).toThrow('Object argument required');
  });

  it('is what pg-mem loaded in this thread, in the place of object-hash', () => {
    expect(fastObjectHashInstalled).toBe(true);
    expect(fromPgMem('object-hash')).not.toBe(published);
    expect((fromPgMem('object-hash') as (value: unknown) => string)({ param: '$1' })).toBe(
      published({ param: '$1' }),
    );
  });
});
