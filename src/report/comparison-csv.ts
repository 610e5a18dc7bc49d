/**
 * The comparison as CSV for machines: one row per (scenario, strategy), plain numbers in
 * separate columns like sweep's CSV (rates as ratios, durations in ms, money in minor units as
 * in `--json`), never the table's display strings ("8/50 (10.0%–20.0%)", "614.9ms / 1.57s").
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { Expectation } from '../checks/expectation.js';
import type { Comparison, ScenarioComparison } from '../experiment/compare.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { roundRate } from './series-json.js';

/** Every harm's count but double charges, which come earlier with their rates and money. */
const OTHER_HARMS = HARM_CATALOGUE.filter((entry) => entry.id !== 'double-charge');

const COLUMNS = [
  'scenario',
  'strategy',
  'seeds',
  'payments',
  'charges',
  'doubleCharges',
  'doubleChargeRate',
  'doubleChargeRateMin',
  'doubleChargeRateMax',
  'overchargedAmount',
  ...OTHER_HARMS.map((entry) => entry.field),
  'clientErrorRate',
  'latencyP50Ms',
  'latencyP99Ms',
  'finalityP99Ms',
  'verdict',
  'exercised',
  'expected',
  'expectationHolds',
];

export function renderComparisonCsv(comparison: Comparison): string {
  const lines = [COLUMNS.join(',')];
  for (const scenario of comparison.scenarios) {
    for (const result of scenario.results)
      lines.push(
        cellsOf(scenario, result)
          .map((cell) => csvCell(String(cell)))
          .join(','),
      );
  }
  return `${lines.join('\n')}\n`;
}

function cellsOf(scenario: ScenarioComparison, result: SeriesSummary): (string | number | boolean)[] {
  const check = scenario.expectations[result.strategy];
  const { doubleChargeRate } = result.spread;
  return [
    scenario.name,
    result.strategy,
    result.seeds.length,
    result.payments,
    result.charges,
    result.doubleCharges,
    roundRate(result.payments === 0 ? 0 : result.doubleCharges / result.payments),
    roundRate(doubleChargeRate.min),
    roundRate(doubleChargeRate.max),
    result.overchargedAmount,
    ...OTHER_HARMS.map((entry) => result[entry.field]),
    roundRate(result.clientErrorRate),
    result.latencyMs.p50,
    result.latencyMs.p99,
    result.finalityMs.p99,
    result.verdict,
    result.exposure.exercised,
    check === undefined ? '' : expectedWords(check.expected),
    check === undefined ? '' : check.holds,
  ];
}

/** "ok", "untouched", or the expected harms' ids separated by spaces, as `--json` names them. */
function expectedWords(expected: Expectation): string {
  return typeof expected === 'string' ? expected : expected.join(' ');
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
