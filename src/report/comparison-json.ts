/**
 * The comparison as JSON: a stable contract for machines (see README). Extra fields may be
 * added; the documented ones keep their names and meaning.
 */
import type { Comparison } from '../experiment/compare.js';
import { exposureJson } from './exposure-json.js';
import { seriesSummaryJson } from './series-json.js';

export function renderComparisonJson(comparison: Comparison): string {
  const scenarios = comparison.scenarios.map((scenario) => ({
    name: scenario.name,
    title: scenario.title,
    seeds: scenario.seeds,
    results: scenario.results.map((result) => ({
      ...seriesSummaryJson(result),
      exposure: exposureJson(result.exposure),
      expectation: scenario.expectations[result.strategy] ?? null,
      ...(result.strategyThrew === undefined ? {} : { strategyThrew: result.strategyThrew }),
    })),
  }));
  return `${JSON.stringify({ scenarios }, null, 2)}\n`;
}
