/**
 * `idemsim conform`'s table: per scenario × strategy × store, the schedules replayed and the
 * steps compared and agreed, the totals with every named exclusion, and the first divergence
 * with both answers and the schedule around it. Strings only.
 */
import type { ScheduleConformance } from './conformance-report.js';
import { firstDivergence, totalsOf, type Conformance } from './run-conformance.js';

const STORE_NAMES = { postgres: 'PostgreSQL', redis: 'Redis' } as const;

export function renderConformanceText(conformance: Conformance, notes: readonly string[]): string {
  const header = ['scenario', 'strategy', 'store', 'schedules', 'compared', 'agreed', 'result'];
  const body = conformance.rows.map((row) => {
    const totals = totalsOf(row.schedules);
    const diverged = row.schedules.some((schedule) => schedule.divergence !== undefined);
    return [
      row.scenario,
      row.strategy,
      STORE_NAMES[row.store],
      String(totals.schedules),
      String(totals.compared),
      String(totals.agreed),
      diverged ? 'DIVERGES' : 'agrees',
    ];
  });
  const lines = table([header, ...body]);
  const all = totalsOf(conformance.rows.flatMap((row) => row.schedules));
  lines.push('');
  lines.push(`total: ${all.schedules} schedules, ${all.compared} steps compared, ${all.agreed} agreed`);
  const rules = Object.entries(all.excluded).sort(([a], [b]) => a.localeCompare(b));
  if (rules.length > 0) {
    lines.push(`normalised by named rules: ${rules.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
  }
  const waits = Object.entries(all.waits).sort(([a], [b]) => a.localeCompare(b));
  if (waits.length > 0) {
    lines.push(`lock waits that agreed: ${waits.map(([lock, count]) => `${lock} ${count}`).join(', ')}`);
  }
  for (const note of notes) lines.push(note);
  const first = firstDivergence(conformance);
  if (first !== undefined) lines.push('', ...divergenceLines(first));
  return `${lines.join('\n')}\n`;
}

export function divergenceLines(schedule: ScheduleConformance): string[] {
  const { divergence, origin } = schedule;
  if (divergence === undefined) return [];
  return [
    `first divergence: ${origin.scenario}, ${origin.strategy}, seed ${origin.seed}, ${STORE_NAMES[schedule.store]} step ${divergence.step}: ${divergence.what}`,
    `  model: ${divergence.model}`,
    `  real:  ${divergence.real}`,
    '  the schedule around it:',
    ...divergence.around.map((line) => `    ${line}`),
    `  again: idemsim conform ${origin.scenario} --strategies ${origin.strategy}`,
  ];
}

function table(rows: readonly string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column >= 3 && column <= 5 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
