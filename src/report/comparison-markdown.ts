/**
 * The comparison as Markdown, for pasting into a design review or an issue.
 */
import type { Comparison } from '../experiment/compare.js';
import { COLUMNS, rowFor } from './comparison-rows.js';

export function renderComparisonMarkdown(comparison: Comparison): string {
  const sections = comparison.scenarios.map((scenario) => {
    const rows = scenario.results.map((result) => markdownRow(rowFor(scenario, result)));
    return [
      `### ${scenario.name}: ${scenario.title}`,
      '',
      markdownRow([...COLUMNS]),
      markdownRow(COLUMNS.map(() => '---')),
      ...rows,
    ].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}
