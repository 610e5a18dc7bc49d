/**
 * The built-in strategies by name: the one place that lists them.
 */
import { dbAtomic } from './db-atomic.js';
import { dbNaive } from './db-naive.js';
import { kafkaEos } from './kafka-eos.js';
import { none } from './none.js';
import { recoveryPoint } from './recovery-point.js';
import { redisSetnx } from './redis-setnx.js';
import type { Strategy } from './strategy.js';

export const strategies: ReadonlyMap<string, Strategy> = new Map<string, Strategy>(
  [none, dbNaive, dbAtomic, recoveryPoint, redisSetnx, kafkaEos].map((strategy) => [
    strategy.name,
    strategy as Strategy,
  ]),
);

export function strategyNamed(name: string): Strategy {
  const strategy = strategies.get(name);
  if (strategy === undefined) {
    throw new Error(`unknown strategy "${name}"; built-in: ${[...strategies.keys()].join(', ')}`);
  }
  return strategy;
}
