/**
 * Play's compact trade-off table for one scenario: fewer columns than `compare` (harm columns
 * only when some run has that harm), each cell that moved since the last run marked ▲ or ▼, so
 * the marks read without colour (tests, NO_COLOR, a projector that washes red out), and in
 * colour red for worse and green for better. Below it, the harms that moved, from → to.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { Direction, PlayCell, PlayRows } from './comparison-changes.js';

export interface PlayTableOptions {
  /** Use ANSI colours. */
  readonly colour: boolean;
}

const ARROW: Readonly<Record<Direction, string>> = { up: '▲', down: '▼' };

/** Columns whose moves are listed in words under the table (latency and errors are only marked). */
const TOLD_COLUMNS = new Set(['verdict', ...HARM_CATALOGUE.map((entry) => entry.label)]);

export function renderPlayTable(rows: PlayRows, options: PlayTableOptions): string {
  const paint = new Chalk({ level: options.colour ? 1 : 0 });
  const withExpected = rows.rows.some((row) => row.expected !== '');
  const head = [
    'strategy',
    ...rows.columns.map((column) => column.name),
    ...(withExpected ? ['expected'] : []),
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows.rows) {
    const cells = row.cells.map((cell, index) => paintCell(paint, rows.columns[index]?.name ?? '', cell));
    table.push([
      row.strategy,
      ...cells,
      ...(withExpected ? [row.expected.startsWith('✗') ? paint.red(row.expected) : row.expected] : []),
    ]);
  }
  return [table.toString(), ...movesInWords(rows)].join('\n');
}

function paintCell(paint: ChalkInstance, column: string, cell: PlayCell): string {
  const text =
    column === 'verdict'
      ? cell.text === 'safe'
        ? paint.green(cell.text)
        : paint.red.bold(cell.text)
      : cell.text;
  if (cell.moved === undefined) return text;
  const arrow = ARROW[cell.moved.direction];
  return `${text} ${cell.moved.direction === 'up' ? paint.red(arrow) : paint.green(arrow)}`;
}

/** A legend when anything moved, then one line per strategy whose verdict or harms moved. */
export function movesInWords(rows: PlayRows): string[] {
  const anyMoved = rows.rows.some((row) => row.cells.some((cell) => cell.moved !== undefined));
  if (!anyMoved) return [];
  const lines = rows.rows.flatMap((row) => {
    const moves = row.cells.flatMap((cell, index) => {
      const name = rows.columns[index]?.name ?? '';
      if (cell.moved === undefined || !TOLD_COLUMNS.has(name)) return [];
      return [`${name} ${cell.moved.from} → ${cell.text} ${ARROW[cell.moved.direction]}`];
    });
    return moves.length === 0 ? [] : [`  ${row.strategy}: ${moves.join(', ')}`];
  });
  return ['▲ ▼ higher or lower than the last run (in every column, higher is worse)', ...lines];
}
