/**
 * How an immutable.js (4.3) Map of more than 8 entries orders string keys: by immutable.js's
 * string hash, in the order its hash array mapped trie iterates them (hash-ordered-rows.ts keeps
 * pg-mem's rows in that order, because a sequential scan returns them in it).
 */

/** immutable.js's Map is an array, in insertion order, up to this many entries; a trie above. */
export const ARRAY_MAP_SIZE_MAX = 8;

/** immutable.js's hash of a string: the JVM's string hash folded into a small integer (its `smi`). */
export function immutableStringHash(text: string): number {
  let hashed = 0;
  for (let index = 0; index < text.length; index++) {
    hashed = (31 * hashed + text.charCodeAt(index)) | 0;
  }
  return ((hashed >>> 1) & 0x40000000) | (hashed & 0xbfffffff);
}

/** Where a key of this hash comes in a trie's iteration: its 5-bit chunks, lowest first, as one number. */
export function hamtOrder(hash: number): number {
  const low =
    ((hash & 31) << 25) |
    (((hash >>> 5) & 31) << 20) |
    (((hash >>> 10) & 31) << 15) |
    (((hash >>> 15) & 31) << 10) |
    (((hash >>> 20) & 31) << 5) |
    ((hash >>> 25) & 31);
  return low * 4 + (hash >>> 30);
}
