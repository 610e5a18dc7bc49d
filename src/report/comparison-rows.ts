/**
 * The cells of the trade-off table, as plain strings: one source for the terminal table, the
 * Markdown table and the CSV, so they never disagree. One column per harm of the catalogue
 * (checks/harm-catalogue.ts), in its order; double charges come with their rate and the money.
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { ScenarioComparison } from '../experiment/compare.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { formatMoney, formatMs, formatPercent } from './format.js';
import { expectationText, untouchedMark } from './exposure-mark.js';

interface Column {
  readonly name: string;
  readonly cell: (result: SeriesSummary, scenario: ScenarioComparison) => string;
}

function doubleChargeCell(result: SeriesSummary): string {
  const { doubleChargeRate } = result.spread;
  const rateRange =
    doubleChargeRate.max > doubleChargeRate.min
      ? ` (${formatPercent(doubleChargeRate.min)}–${formatPercent(doubleChargeRate.max)})`
      : '';
  return `${result.doubleCharges}/${result.payments}${rateRange}`;
}

/** The scenario's expectation for this strategy and whether it held ("✓ D"); '' when it states none. */
export function expectedCell(result: SeriesSummary, scenario: ScenarioComparison): string {
  const check = scenario.expectations[result.strategy];
  if (check === undefined) return '';
  return `${check.holds ? '✓' : '✗'} ${expectationText(check.expected)}`;
}

const HARM_COLUMNS: readonly Column[] = HARM_CATALOGUE.flatMap((entry): Column[] =>
  entry.id === 'double-charge'
    ? [
        { name: entry.label, cell: doubleChargeCell },
        { name: 'overcharged', cell: (result) => formatMoney(result.overchargedAmount) },
      ]
    : [{ name: entry.label, cell: (result) => String(result[entry.field]) }],
);

const COLUMN_CELLS: readonly Column[] = [
  { name: 'strategy', cell: (result) => result.strategy },
  {
    name: 'verdict',
    cell: (result) => untouchedMark(result) ?? (result.verdict === 'safe' ? 'safe' : 'UNSAFE'),
  },
  ...HARM_COLUMNS,
  { name: 'errors', cell: (result) => formatPercent(result.clientErrorRate) },
  {
    name: 'latency p50 / p99',
    cell: (result) => `${formatMs(result.latencyMs.p50)} / ${formatMs(result.latencyMs.p99)}`,
  },
  { name: 'finality p99', cell: (result) => formatMs(result.finalityMs.p99) },
  { name: 'expected', cell: expectedCell },
];

export const COLUMNS: readonly string[] = COLUMN_CELLS.map((column) => column.name);

export function rowFor(scenario: ScenarioComparison, result: SeriesSummary): string[] {
  return COLUMN_CELLS.map((column) => column.cell(result, scenario));
}
