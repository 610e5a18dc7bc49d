/**
 * The trade-off table for a terminal: one table per scenario, a one-line verdict per strategy,
 * and the matrix of which scenario broke which strategy, one letter per harm.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Comparison } from '../experiment/compare.js';
import { COLUMNS, rowFor } from './comparison-rows.js';
import { UNTOUCHED, UNTOUCHED_LEGEND } from './exposure-mark.js';
import { HARM_LEGEND } from './harm-letters.js';
import { matrixCell, strategyNames, strategyVerdicts } from './comparison-verdicts.js';

export interface TableOptions {
  /** Use ANSI colours. */
  readonly colour: boolean;
}

export function renderComparisonTable(comparison: Comparison, options: TableOptions): string {
  const paint = new Chalk({ level: options.colour ? 1 : 0 });
  const blocks = comparison.scenarios.map((scenario) => {
    const payments = scenario.results[0]?.runs[0]?.payments ?? 0;
    const heading = `${paint.bold(scenario.name)}  ${scenario.title}  ${paint.dim(`(${scenario.seeds.length} seeds × ${payments} payments)`)}`;
    const table = newTable([...COLUMNS], true);
    for (const result of scenario.results)
      table.push(rowFor(scenario, result).map((cell, index) => paintCell(paint, index, cell)));
    return `${heading}\n${table.toString()}`;
  });
  return [...blocks, renderVerdicts(comparison, paint), renderMatrix(comparison, paint)].join('\n\n');
}

function newTable(head: string[], compact = false): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact } });
}

function paintCell(paint: ChalkInstance, column: number, cell: string): string {
  const name = COLUMNS[column];
  if (name === 'verdict' && cell === UNTOUCHED) return paint.yellow(cell);
  if (name === 'verdict') return cell === 'safe' ? paint.green(cell) : paint.red.bold(cell);
  if (name === 'expected') return cell.startsWith('✗') ? paint.red(cell) : cell;
  return cell;
}

/** One line per strategy: in how many scenarios it lost or took money, and which. */
function renderVerdicts(comparison: Comparison, paint: ChalkInstance): string {
  const lines = strategyVerdicts(comparison).map(({ strategy, total, unsafeIn, untouchedIn }) => {
    const untouched =
      untouchedIn.length === 0 ? '' : ` (untouched in ${untouchedIn.length}: ${untouchedIn.join(', ')})`;
    if (unsafeIn.length === 0)
      return `  ${paint.green(strategy)}: safe in all ${total} scenario${total === 1 ? '' : 's'}${untouched}`;
    return `  ${paint.red(strategy)}: unsafe in ${unsafeIn.length} of ${total}: ${unsafeIn.join(', ')}${untouched}`;
  });
  return [paint.bold('Verdict per strategy'), ...lines].join('\n');
}

/** Scenario by strategy, each cell the harms seen: which mechanism broke which strategy. */
function renderMatrix(comparison: Comparison, paint: ChalkInstance): string {
  const names = strategyNames(comparison);
  const table = newTable(['scenario', ...names], true);
  for (const scenario of comparison.scenarios) {
    const cells = names.map((strategy) => {
      const cell = matrixCell(scenario, strategy);
      if (cell.kind === 'untouched') return paint.yellow(cell.text);
      return cell.kind === 'ok' ? paint.green(cell.text) : paint.red(cell.text);
    });
    table.push([scenario.name, ...cells]);
  }
  const legend = paint.dim(`${HARM_LEGEND}\n${UNTOUCHED_LEGEND}`);
  return `${paint.bold('Which mechanism broke which strategy')}  ${legend}\n${table.toString()}`;
}
