/**
 * Two helpers that used Node's Buffer now do without it (they run in the browser bundle too):
 * their answers for bytes are the ones Buffer gave.
 */
import { describe, expect, it } from 'vitest';
import { toLiteral } from '../../src/components/postgres/sql-literal.js';
import { KEY_OVERHEAD_BYTES, keySizeBytes } from '../../src/components/redis/key-size.js';

describe('values as bytes, without Buffer', () => {
  it('writes bytea as \\x and two hex digits a byte, as Buffer.toString("hex") did', () => {
    const bytes = new Uint8Array([0, 15, 16, 171, 255]);
    expect(toLiteral(bytes)).toEqual(toLiteral(`\\x${Buffer.from(bytes).toString('hex')}`));
    expect(toLiteral(bytes)).toMatchObject({ value: '\\x000f10abff' });
  });

  it('counts a Buffer value by its length in bytes', () => {
    expect(keySizeBytes('k', Buffer.from('abc'), false)).toBe(KEY_OVERHEAD_BYTES + 1 + 3);
  });
});
