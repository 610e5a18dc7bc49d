/**
 * The cells of play's compact table, and which of them moved since the previous run: the
 * question a workshop asks after turning a knob is "what did that change?", so the answer is
 * data first (this file) and marks on a table second (play-table.ts).
 *
 * Every column is oriented so that higher is worse (unsafe over safe, more harm, more errors,
 * slower), so a move up is bad news and a move down good news whatever the column.
 */
import type { ScenarioComparison } from '../experiment/compare.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { formatMs, formatPercent } from './format.js';
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import { expectedCell } from './comparison-rows.js';
import { untouchedMark } from './exposure-mark.js';

export type Direction = 'up' | 'down';

export interface PlayColumn {
  readonly name: string;
  /** Higher is worse. */
  readonly value: (result: SeriesSummary) => number;
  readonly text: (result: SeriesSummary) => string;
  /** A harm the story is about; shown only when some run has it (the others always). */
  readonly harm: boolean;
}

export interface PlayCell {
  readonly text: string;
  /** Set when the cell reads differently from the previous run and its value went up or down. */
  readonly moved?: { readonly direction: Direction; readonly from: string };
}

export interface PlayRow {
  readonly strategy: string;
  readonly cells: readonly PlayCell[];
  /** The scenario's expectation for this strategy, as in the full table ("✓ D"); '' when none. */
  readonly expected: string;
}

export interface PlayRows {
  readonly columns: readonly PlayColumn[];
  readonly rows: readonly PlayRow[];
}

const rate = (count: number, payments: number): number => (payments === 0 ? 0 : count / payments);

const harmColumn = (name: string, count: (result: SeriesSummary) => number): PlayColumn => ({
  name,
  value: (result) => rate(count(result), result.payments),
  text: (result) => String(count(result)),
  harm: true,
});

export const PLAY_COLUMNS: readonly PlayColumn[] = [
  {
    name: 'verdict',
    value: (result) => (result.verdict === 'safe' ? 0 : 1),
    text: (result) => untouchedMark(result) ?? (result.verdict === 'safe' ? 'safe' : 'UNSAFE'),
    harm: false,
  },
  {
    name: 'double charges',
    value: (result) => rate(result.doubleCharges, result.payments),
    text: (result) => `${result.doubleCharges}/${result.payments}`,
    harm: false,
  },
  // Every harm but double charges (always shown, above), in the catalogue's order.
  ...HARM_CATALOGUE.filter((entry) => entry.id !== 'double-charge').map((entry) =>
    harmColumn(entry.label, (result) => result[entry.field]),
  ),
  {
    name: 'errors',
    value: (result) => result.clientErrorRate,
    text: (result) => formatPercent(result.clientErrorRate),
    harm: false,
  },
  {
    name: 'p50',
    value: (result) => result.latencyMs.p50,
    text: (result) => formatMs(result.latencyMs.p50),
    harm: false,
  },
  {
    name: 'p99',
    value: (result) => result.latencyMs.p99,
    text: (result) => formatMs(result.latencyMs.p99),
    harm: false,
  },
];

/** The rows of `current`, each cell marked where it moved from `previous` (same strategy). */
export function playRows(current: ScenarioComparison, previous: ScenarioComparison | undefined): PlayRows {
  const all = [...current.results, ...(previous?.results ?? [])];
  const columns = PLAY_COLUMNS.filter(
    (column) => !column.harm || all.some((result) => column.value(result) > 0),
  );
  const rows = current.results.map((result): PlayRow => {
    const before = previous?.results.find((candidate) => candidate.strategy === result.strategy);
    return {
      strategy: result.strategy,
      cells: columns.map((column) => cellOf(column, result, before)),
      expected: expectedCell(result, current),
    };
  });
  return { columns, rows };
}

function cellOf(column: PlayColumn, result: SeriesSummary, before: SeriesSummary | undefined): PlayCell {
  const text = column.text(result);
  if (before === undefined) return { text };
  const from = column.text(before);
  const [now, then] = [column.value(result), column.value(before)];
  if (from === text || now === then) return { text };
  return { text, moved: { direction: now > then ? 'up' : 'down', from } };
}
