/// <reference lib="dom" />
/**
 * The run panel: play's compact table, each cell that moved since the last run marked ▲ (worse)
 * or ▼ (better) with what it was, the moves in words, and the payments that went wrong, each a
 * button that tells its story.
 */
import type { RunView } from '../web-protocol.js';
import { byId, el, fill } from './page-dom.js';

const ARROW = { up: '▲', down: '▼' } as const;

export function renderRun(view: RunView | undefined, tellStory: (violation: number) => void): void {
  const target = byId('result');
  if (view === undefined) {
    fill(target, el('p', { class: 'hint' }, 'Not run yet: press Run to see every strategy in this setup.'));
    fill(byId('json'));
    return;
  }
  const withExpected = view.rows.some((row) => row.expected !== '');
  const head = el(
    'tr',
    {},
    el('th', {}, 'strategy'),
    ...view.columns.map((column) => el('th', {}, column)),
    withExpected && el('th', {}, 'expected'),
  );
  const rows = view.rows.map((row) =>
    el(
      'tr',
      { 'data-strategy': row.strategy },
      el('th', { scope: 'row' }, row.strategy),
      ...row.cells.map((cell, index) => {
        const column = view.columns[index] ?? '';
        const verdict =
          column !== 'verdict'
            ? undefined
            : cell.text === 'safe'
              ? 'safe'
              : cell.text === 'UNSAFE'
                ? 'unsafe'
                : undefined;
        const moved = cell.moved;
        return el(
          'td',
          {
            'data-column': column,
            class: [verdict, moved === undefined ? undefined : `moved-${moved.direction}`]
              .filter((name) => name !== undefined)
              .join(' '),
            title: moved === undefined ? undefined : `was ${moved.from}`,
          },
          cell.text,
          moved !== undefined && el('span', { class: 'arrow' }, ` ${ARROW[moved.direction]}`),
        );
      }),
      withExpected && el('td', { class: row.expected.startsWith('✗') ? 'unsafe' : undefined }, row.expected),
    ),
  );
  fill(
    target,
    el('h3', { id: 'run-heading' }, view.heading),
    el('p', { id: 'run-changed' }, view.changed),
    el('table', { id: 'results', class: 'results' }, head, ...rows),
    view.moves.length > 0 && el('pre', { id: 'moves' }, view.moves.join('\n')),
    violationsList(view, tellStory),
  );
  fill(byId('json-file'), view.jsonFileName);
  fill(byId('json'), view.json);
}

function violationsList(view: RunView, tellStory: (violation: number) => void): HTMLElement {
  if (view.violations.length === 0)
    return el('p', { id: 'violations' }, 'No payment went wrong in this run.');
  const count = view.violations.length;
  return el(
    'div',
    { id: 'violations' },
    el(
      'p',
      {},
      `${count} payment${count === 1 ? '' : 's'} went wrong in this run. Pick one to step through its story:`,
    ),
    el(
      'ol',
      {},
      ...view.violations.map((label, index) => {
        const button = el('button', { type: 'button', 'data-violation': String(index) }, label);
        button.addEventListener('click', () => tellStory(index));
        return el('li', {}, button);
      }),
    ),
  );
}
