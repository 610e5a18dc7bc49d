/**
 * Choosing strategies on the command line: one by name, or a comma-separated list.
 */
import { strategies } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { UsageError } from './cli-io.js';

export function strategyByName(name: string): Strategy {
  const strategy = strategies.get(name);
  if (strategy === undefined) {
    throw new UsageError(`unknown strategy "${name}"; try one of: ${[...strategies.keys()].join(', ')}`);
  }
  return strategy;
}

/** "a,b" -> those strategies; undefined -> every built-in strategy. */
export function strategiesByNames(list: string | undefined): Strategy[] {
  if (list === undefined) return [...strategies.values()];
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--strategies needs at least one name, like --strategies none,db-atomic');
  return names.map(strategyByName);
}
