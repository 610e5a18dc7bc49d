/**
 * Choosing strategies on the command line: one, or a comma-separated list, each either a built-in
 * name or the path of a user's strategy module (see load-strategy-module.ts for which is which).
 *
 * Async because a user's module is imported, and compiled first when it is TypeScript.
 */
import { strategies } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { UsageError } from './cli-io.js';
import { isStrategyPath, loadStrategyModule } from './load-strategy-module.js';

export function strategyByName(name: string): Strategy {
  const strategy = strategies.get(name);
  if (strategy === undefined) {
    throw new UsageError(`unknown strategy "${name}"; try one of: ${[...strategies.keys()].join(', ')}`);
  }
  return strategy;
}

/** A built-in name, or a path to a module exporting a strategy. */
export async function resolveStrategy(reference: string): Promise<Strategy> {
  return isStrategyPath(reference) ? loadStrategyModule(reference) : strategyByName(reference);
}

/** "a, ./b.ts" -> ["a", "./b.ts"]; undefined -> every built-in name. */
export function strategyReferences(list: string | undefined): string[] {
  if (list === undefined) return [...strategies.keys()];
  const references = list
    .split(',')
    .map((reference) => reference.trim())
    .filter((reference) => reference !== '');
  if (references.length === 0)
    throw new UsageError('--strategies needs at least one name, like --strategies none,db-atomic');
  return references;
}

/** A strategy chosen on the command line, with what it was named by there. */
export interface ChosenStrategy {
  readonly strategy: Strategy;
  /** A built-in's name, or the path of a user's module: what a worker thread resolves it from. */
  readonly reference: string;
}

/** "a,./b.ts" -> those strategies, in order; undefined -> every built-in strategy. */
export async function resolveStrategies(list: string | undefined): Promise<ChosenStrategy[]> {
  const chosen: ChosenStrategy[] = [];
  for (const reference of strategyReferences(list)) {
    chosen.push({ strategy: await resolveStrategy(reference), reference });
  }
  rejectDuplicateNames(chosen);
  return chosen;
}

/** Results are keyed by strategy name, so two files naming theirs alike would merge in the report. */
function rejectDuplicateNames(chosen: readonly ChosenStrategy[]): void {
  const seen = new Map<string, string>();
  for (const { strategy, reference } of chosen) {
    const earlier = seen.get(strategy.name);
    if (earlier !== undefined) {
      throw new UsageError(
        `--strategies: ${earlier} and ${reference} are both strategy "${strategy.name}"; list each once`,
      );
    }
    seen.set(strategy.name, reference);
  }
}
