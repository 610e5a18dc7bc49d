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

/** "a,./b.ts" -> those strategies, in order; undefined -> every built-in strategy. */
export async function resolveStrategies(list: string | undefined): Promise<Strategy[]> {
  if (list === undefined) return [...strategies.values()];
  const references = strategyReferences(list);
  const chosen: Strategy[] = [];
  for (const reference of references) chosen.push(await resolveStrategy(reference));
  rejectDuplicateNames(references, chosen);
  return chosen;
}

/** Results are keyed by strategy name, so two files naming theirs alike would merge in the report. */
function rejectDuplicateNames(references: readonly string[], chosen: readonly Strategy[]): void {
  const seen = new Map<string, string>();
  chosen.forEach((strategy, index) => {
    const reference = references[index] as string;
    const earlier = seen.get(strategy.name);
    if (earlier !== undefined) {
      throw new UsageError(
        `--strategies: ${earlier} and ${reference} are both strategy "${strategy.name}"; list each once`,
      );
    }
    seen.set(strategy.name, reference);
  });
}
