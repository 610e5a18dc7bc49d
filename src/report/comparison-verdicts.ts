/**
 * What the comparison's summary lines and its matrix say, as data: one source for the terminal
 * table (comparison-table.ts) and the HTML report (html-comparison.ts), so they never disagree.
 */
import type { Comparison, ScenarioComparison } from '../experiment/compare.js';
import { UNTOUCHED, untouchedMark } from './exposure-mark.js';
import { harmLetters } from './harm-letters.js';

export interface StrategyVerdict {
  readonly strategy: string;
  /** How many scenarios the comparison ran. */
  readonly total: number;
  /** The scenarios in which it lost or took money, or harmed otherwise (verdict unsafe). */
  readonly unsafeIn: readonly string[];
  /** The scenarios whose cell says "untouched": nothing tried it there. */
  readonly untouchedIn: readonly string[];
}

/** One matrix cell: the harm letters ("D L"), "ok", "untouched", or '' where the strategy did not run. */
export interface MatrixCell {
  readonly text: string;
  readonly kind: 'harm' | 'ok' | 'untouched' | 'absent';
}

/** Every strategy of the comparison, in the order first met. */
export function strategyNames(comparison: Comparison): string[] {
  const names: string[] = [];
  for (const scenario of comparison.scenarios) {
    for (const result of scenario.results) if (!names.includes(result.strategy)) names.push(result.strategy);
  }
  return names;
}

export function strategyVerdicts(comparison: Comparison): StrategyVerdict[] {
  const scenariosWhere = (
    strategy: string,
    test: (result: ScenarioComparison['results'][number]) => boolean,
  ) =>
    comparison.scenarios
      .filter((scenario) => scenario.results.some((result) => result.strategy === strategy && test(result)))
      .map((scenario) => scenario.name);
  return strategyNames(comparison).map((strategy) => ({
    strategy,
    total: comparison.scenarios.length,
    unsafeIn: scenariosWhere(strategy, (result) => result.verdict === 'unsafe'),
    untouchedIn: scenariosWhere(strategy, (result) => untouchedMark(result) !== undefined),
  }));
}

export function matrixCell(scenario: ScenarioComparison, strategy: string): MatrixCell {
  const result = scenario.results.find((candidate) => candidate.strategy === strategy);
  if (result === undefined) return { text: '', kind: 'absent' };
  if (untouchedMark(result) !== undefined) return { text: UNTOUCHED, kind: 'untouched' };
  const letters = harmLetters(result.harms);
  return { text: letters, kind: letters === 'ok' ? 'ok' : 'harm' };
}
