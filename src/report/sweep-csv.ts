/**
 * A sweep as CSV for machines: one row per (value, strategy), plain numbers (rates as ratios,
 * durations in ms), a header naming each column and its unit.
 */
import type { Sweep } from '../experiment/sweep.js';
import { roundRate } from './series-json.js';
import { UNIT_OF_KIND } from './sweep-json.js';

const COLUMNS = [
  'field',
  'value',
  'unit',
  'label',
  'strategy',
  'seeds',
  'payments',
  'doubleCharges',
  'doubleChargeRate',
  'clientErrorRate',
  'latencyP50Ms',
  'latencyP99Ms',
  'finalityP99Ms',
  'lostPayments',
  'chargedButFailed',
  'wrongReplays',
  'stuck',
  'verdict',
] as const;

export function renderSweepCsv(sweep: Sweep): string {
  const lines = [COLUMNS.join(',')];
  for (const point of sweep.points) {
    for (const result of point.results) {
      const cells = [
        sweep.field,
        point.value,
        UNIT_OF_KIND[sweep.kind] ?? '',
        point.label,
        result.strategy,
        result.seeds.length,
        result.payments,
        result.doubleCharges,
        roundRate(result.payments === 0 ? 0 : result.doubleCharges / result.payments),
        roundRate(result.clientErrorRate),
        result.latencyMs.p50,
        result.latencyMs.p99,
        result.finalityMs.p99,
        result.lostPayments,
        result.chargedButFailed,
        result.wrongReplays,
        result.stuck,
        result.verdict,
      ];
      lines.push(cells.map((cell) => csvCell(String(cell))).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
