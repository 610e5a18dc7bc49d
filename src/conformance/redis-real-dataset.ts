/**
 * Reads a real server's whole database in one script (atomic: one instant of its clock): each
 * key, its string value, and its PEXPIRETIME.
 */
import type { Redis } from 'ioredis';

export interface RealEntry {
  /** The string value; null when the key holds another type (not compared as a string). */
  readonly value: string | null;
  /** The last real unix ms the key lives (PEXPIRETIME); null: no TTL. */
  readonly lastMs: number | null;
}

/** no-writes: it runs on a server out of memory too. */
const DUMP_SCRIPT = `#!lua flags=no-writes
local out = {}
for _, key in ipairs(redis.call('KEYS', '*')) do
  local kind = redis.call('TYPE', key)['ok']
  local value = ''
  if kind == 'string' then value = redis.call('GET', key) end
  out[#out + 1] = key
  out[#out + 1] = kind
  out[#out + 1] = value
  out[#out + 1] = redis.call('PEXPIRETIME', key)
end
return out`;

export async function readDataset(server: Redis): Promise<Map<string, RealEntry>> {
  const flat = (await server.eval(DUMP_SCRIPT, 0)) as Array<string | number>;
  const dataset = new Map<string, RealEntry>();
  for (let index = 0; index + 3 < flat.length; index += 4) {
    const expireTime = Number(flat[index + 3]);
    dataset.set(String(flat[index]), {
      value: flat[index + 1] === 'string' ? String(flat[index + 2]) : null,
      lastMs: expireTime > 0 ? expireTime : null,
    });
  }
  return dataset;
}
