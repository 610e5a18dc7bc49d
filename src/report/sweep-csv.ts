/**
 * A sweep as CSV for machines: one row per (value, strategy), plain numbers (rates as ratios,
 * durations in ms), a header naming each column and its unit.
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { Sweep } from '../experiment/sweep.js';
import { roundRate } from './series-json.js';
import { UNIT_OF_KIND } from './sweep-json.js';

/** Every harm's count but double charges, which come earlier with their rate. */
const OTHER_HARMS = HARM_CATALOGUE.filter((entry) => entry.id !== 'double-charge');

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
  ...OTHER_HARMS.map((entry) => entry.field),
  'verdict',
];

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
        ...OTHER_HARMS.map((entry) => result[entry.field]),
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
