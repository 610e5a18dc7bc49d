/**
 * The approximate memory a key costs, for the maxmemory budget.
 *
 * Redis counts allocator bytes: a dict entry, the key's sds string, the value object and its sds,
 * an entry in the expires dict when the key has a TTL, all rounded up by jemalloc. The model
 * charges a fixed overhead per key and per TTL plus the key's and the value's length (UTF-16 code
 * units, which equal bytes for the ASCII keys and JSON values the strategies store). The constants
 * are in the range `MEMORY USAGE` reports for short strings on Redis 7; they are not calibrated
 * against a real server, so budgets should be read as "about N keys of this size", not as bytes.
 * Server overhead outside the keyspace (about 1 MB on a real server) is not counted.
 */

/** Dict entry, key sds header, value object and sds header, allocator rounding. */
export const KEY_OVERHEAD_BYTES = 48;
/** The entry in the expires dict that a key with a TTL also has. */
export const TTL_OVERHEAD_BYTES = 32;

export function keySizeBytes(key: string, value: unknown, hasTtl: boolean): number {
  return KEY_OVERHEAD_BYTES + key.length + valueLength(value) + (hasTtl ? TTL_OVERHEAD_BYTES : 0);
}

function valueLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value).length;
  // A Buffer is a Uint8Array; asking Uint8Array keeps this file free of Node's globals (it runs in a browser).
  if (value instanceof Uint8Array) return value.length;
  // Hashes, lists and sets a script may create: their JSON length is a fair stand-in.
  return JSON.stringify(value instanceof Set || value instanceof Map ? [...value] : value)?.length ?? 0;
}
