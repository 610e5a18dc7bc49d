/**
 * The arguments that reproduce a run, for the replay and explain lines commands print.
 */
import type { Strategy } from '../strategies/strategy.js';
import { isStrategyPath } from './load-strategy-module.js';

/** `--strategy x --seed n [--payments n]`: a user's strategy by its file, since its name alone would not be found. */
export function replayArguments(
  strategyReference: string,
  strategy: Strategy,
  seed: number,
  payments: number | undefined,
): string {
  const strategyArgument = isStrategyPath(strategyReference) ? strategyReference : strategy.name;
  return `--strategy ${strategyArgument} --seed ${seed}${payments === undefined ? '' : ` --payments ${payments}`}`;
}
