/**
 * The comparison as CSV: one row per (scenario, strategy), the same cells as the table.
 */
import type { Comparison } from '../experiment/compare.js';
import { COLUMNS, rowFor } from './comparison-rows.js';

export function renderComparisonCsv(comparison: Comparison): string {
  const lines = [['scenario', ...COLUMNS].map(csvCell).join(',')];
  for (const scenario of comparison.scenarios) {
    for (const result of scenario.results)
      lines.push([scenario.name, ...rowFor(scenario, result)].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
