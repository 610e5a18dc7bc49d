/**
 * `--shard i/n`, as vitest and Playwright write it: this machine runs share i (1-based) of n.
 */
import { InvalidArgumentError } from 'commander';
import type { ShardSpec } from '../experiment/shard-assignment.js';

/** Shards beyond this are a typo, not a CI matrix. */
const SHARDS_MAX = 1000;

export function parseShard(value: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || count > SHARDS_MAX || index < 1 || index > count)
    throw new InvalidArgumentError(
      `expected i/n with 1 <= i <= n <= ${SHARDS_MAX}, like 1/3 (shard 1 of 3).`,
    );
  return { index, count };
}

export const SHARD_HELP =
  'run only share i of n (like 1/3) and write a shard file (JSON) to stdout or --out; ' +
  '`idemsim merge` joins the shard files into the unsharded output';
