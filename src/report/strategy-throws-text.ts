/**
 * What a user's strategy threw, in one line: each throw became a 500 its client saw, so without
 * this line the cause would show only in the trace.
 */
import type { Comparison } from '../experiment/compare.js';
import type { StrategyThrows } from '../experiment/strategy-watch.js';

/** "strategy threw: 50, first: TypeError: ..." */
export function strategyThrowsLine(threw: StrategyThrows): string {
  return `strategy threw: ${threw.count}, first: ${threw.first}`;
}

/** One line per scenario and strategy whose handle threw, naming both. */
export function comparisonThrowsLines(comparison: Comparison): string[] {
  return comparison.scenarios.flatMap((scenario) =>
    scenario.results.flatMap((result) =>
      result.strategyThrew === undefined
        ? []
        : [`${scenario.name} · ${result.strategy}: ${strategyThrowsLine(result.strategyThrew)}`],
    ),
  );
}
