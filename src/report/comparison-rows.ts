/**
 * The cells of the trade-off table, as plain strings: one source for the terminal table, the
 * Markdown table and the CSV, so they never disagree.
 */
import type { ScenarioComparison } from '../experiment/compare.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { formatMoney, formatMs, formatPercent } from './format.js';
import { expectationText, untouchedMark } from './exposure-mark.js';

export const COLUMNS = [
  'strategy',
  'verdict',
  'double charges',
  'overcharged',
  'lost',
  'told failed',
  'wrong replay',
  'stuck',
  'errors',
  'latency p50 / p99',
  'finality p99',
  'expected',
] as const;

export function rowFor(scenario: ScenarioComparison, result: SeriesSummary): string[] {
  const { doubleChargeRate } = result.spread;
  const rateRange =
    doubleChargeRate.max > doubleChargeRate.min
      ? ` (${formatPercent(doubleChargeRate.min)}–${formatPercent(doubleChargeRate.max)})`
      : '';
  const check = scenario.expectations[result.strategy];
  const expected = check === undefined ? '' : `${check.holds ? '✓' : '✗'} ${expectationText(check.expected)}`;
  return [
    result.strategy,
    untouchedMark(result) ?? (result.verdict === 'safe' ? 'safe' : 'UNSAFE'),
    `${result.doubleCharges}/${result.payments}${rateRange}`,
    formatMoney(result.overchargedAmount),
    String(result.lostPayments),
    String(result.chargedButFailed),
    String(result.wrongReplays),
    String(result.stuck),
    formatPercent(result.clientErrorRate),
    `${formatMs(result.latencyMs.p50)} / ${formatMs(result.latencyMs.p99)}`,
    formatMs(result.finalityMs.p99),
    expected,
  ];
}
