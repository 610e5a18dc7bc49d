/**
 * The comparison as HTML: per scenario its trade-off table (the cells of comparison-rows.ts, as
 * the terminal prints them), the verdict per strategy and the matrix of which mechanism broke
 * which strategy (comparison-verdicts.ts). A harmed cell links to its payment's story. Colour
 * only repeats what the cell says (safe, UNSAFE, untouched, the harm letters, ✓ / ✗).
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { Comparison, ScenarioComparison } from '../experiment/compare.js';
import { COLUMNS, rowFor } from './comparison-rows.js';
import { matrixCell, strategyNames, strategyVerdicts } from './comparison-verdicts.js';
import { UNTOUCHED, UNTOUCHED_LEGEND } from './exposure-mark.js';
import { HARM_LEGEND } from './harm-letters.js';
import { anchorId, escapeHtml } from './html-escape.js';

/** The fragment a harmed cell links to: its payment's story. */
export function storyAnchor(scenario: string, strategy: string): string {
  return anchorId('story', scenario, strategy);
}

export function scenarioAnchor(scenario: string): string {
  return anchorId('scenario', scenario);
}

/** Which (scenario, strategy) cells have a story to link to, by storyAnchor. */
export type StoryLinks = ReadonlySet<string>;

const HARM_LABELS: ReadonlySet<string> = new Set(HARM_CATALOGUE.map((entry) => entry.label));
const NUMERIC = new Set([...HARM_LABELS, 'overcharged', 'errors', 'latency p50 / p99', 'finality p99']);

/** A scenario's table: one row per strategy, every column `compare` prints. */
export function comparisonTableHtml(scenario: ScenarioComparison, links: StoryLinks): string {
  const head = `<tr>${COLUMNS.map((name) => `<th scope="col">${escapeHtml(name)}</th>`).join('')}</tr>`;
  const rows = scenario.results.map((result) => {
    const link = links.has(storyAnchor(scenario.name, result.strategy))
      ? storyAnchor(scenario.name, result.strategy)
      : undefined;
    const cells = rowFor(scenario, result).map((cell, index) => tableCell(COLUMNS[index] ?? '', cell, link));
    return `<tr data-strategy="${escapeHtml(result.strategy)}">${cells.join('')}</tr>`;
  });
  return `<div class="wide"><table class="tradeoff"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function tableCell(column: string, cell: string, link: string | undefined): string {
  if (column === 'strategy') return `<th scope="row">${escapeHtml(cell)}</th>`;
  const harmed = HARM_LABELS.has(column) && /^[1-9]/.test(cell);
  const verdict = column === 'verdict' ? verdictClass(cell) : undefined;
  const classes = [
    ...(NUMERIC.has(column) ? ['num'] : []),
    ...(verdict === undefined ? [] : [verdict]),
    ...(harmed ? ['harm'] : []),
    ...(column === 'expected' && cell !== '' ? [cell.startsWith('✗') ? 'missed' : 'held'] : []),
  ];
  const linked = link !== undefined && (harmed || verdict === 'unsafe');
  const body = linked
    ? `<a href="#${link}" title="the story of a payment this harmed">${escapeHtml(cell)}</a>`
    : escapeHtml(cell);
  return `<td${classes.length === 0 ? '' : ` class="${classes.join(' ')}"`}>${body}</td>`;
}

function verdictClass(cell: string): 'safe' | 'unsafe' | 'untouched' {
  return cell === UNTOUCHED ? 'untouched' : cell === 'safe' ? 'safe' : 'unsafe';
}

/** One line per strategy: in how many scenarios it was unsafe, and which (each a link). */
export function verdictsHtml(comparison: Comparison): string {
  const items = strategyVerdicts(comparison).map(({ strategy, total, unsafeIn, untouchedIn }) => {
    const names = (list: readonly string[]) =>
      list.map((name) => `<a href="#${scenarioAnchor(name)}">${escapeHtml(name)}</a>`).join(', ');
    const untouched =
      untouchedIn.length === 0 ? '' : ` (untouched in ${untouchedIn.length}: ${names(untouchedIn)})`;
    const verdict =
      unsafeIn.length === 0
        ? `<span class="safe">safe</span> in all ${total} scenario${total === 1 ? '' : 's'}`
        : `<span class="unsafe">UNSAFE</span> in ${unsafeIn.length} of ${total}: ${names(unsafeIn)}`;
    return `<li><strong>${escapeHtml(strategy)}</strong>: ${verdict}${untouched}</li>`;
  });
  return `<ul class="verdicts">${items.join('')}</ul>`;
}

/** Scenario by strategy, each cell the harms seen; a harmed cell links to its story. */
export function matrixHtml(comparison: Comparison, links: StoryLinks): string {
  const names = strategyNames(comparison);
  const head = `<tr><th scope="col">scenario</th>${names.map((name) => `<th scope="col">${escapeHtml(name)}</th>`).join('')}</tr>`;
  const rows = comparison.scenarios.map((scenario) => {
    const cells = names.map((strategy) => {
      const cell = matrixCell(scenario, strategy);
      const anchor = storyAnchor(scenario.name, strategy);
      const body =
        cell.kind === 'harm' && links.has(anchor)
          ? `<a href="#${anchor}" title="the story of a payment this harmed">${escapeHtml(cell.text)}</a>`
          : escapeHtml(cell.text);
      return `<td class="${cell.kind}" data-strategy="${escapeHtml(strategy)}">${body}</td>`;
    });
    return `<tr><th scope="row"><a href="#${scenarioAnchor(scenario.name)}">${escapeHtml(scenario.name)}</a></th>${cells.join('')}</tr>`;
  });
  const legend = `<p class="legend">${escapeHtml(HARM_LEGEND)}<br>${escapeHtml(UNTOUCHED_LEGEND)}</p>`;
  return `${legend}<div class="wide"><table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}
