/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * "Step through a violation" on the page: the story's steps as a list and as a diagram, one step
 * lit at a time, moved with the buttons play offers (next, back, to the next charge, to the end)
 * or the arrow keys. A button that cannot go anywhere is greyed with the reason as its tooltip.
 */
import { stepLine, walk, type WalkMove } from '../../report/story-walk.js';
import type { StoryView } from '../web-protocol.js';
import { byId, el, fill } from './page-dom.js';

const MOVES: readonly { readonly move: WalkMove; readonly name: string; readonly cannot: string }[] = [
  { move: 'back', name: '◀ back', cannot: 'this is the first step' },
  { move: 'next', name: 'next ▶', cannot: 'this is the last step' },
  { move: 'next-charge', name: 'to the next charge', cannot: 'no charge after this step' },
  { move: 'end', name: 'to the end', cannot: 'already at the end' },
];

export function renderStory(view: StoryView): void {
  const section = byId('story-section');
  section.hidden = false;
  const { steps } = view;
  const diagram = el('div', { id: 'story-diagram', class: 'diagram' });
  // The SVG is built by story-diagram-svg.ts, every text in it escaped.
  diagram.innerHTML = view.svg;
  const list = el(
    'ol',
    { id: 'story-steps' },
    ...steps.map((step, index) =>
      el('li', { 'data-step': String(index), class: `kind-${step.kind}` }, stepLine(steps, index)),
    ),
  );
  const buttons = MOVES.map(({ move, name }) => {
    const button = el('button', { type: 'button', 'data-move': move }, name);
    button.addEventListener('click', () => go(walk(steps, index, move)));
    return button;
  });
  const current = el('p', { id: 'story-current', 'aria-live': 'polite' });
  fill(
    section,
    el('h2', {}, 'A payment that went wrong'),
    el('p', { id: 'story-heading' }, view.heading),
    el('p', { id: 'story-verdict' }, el('strong', {}, 'verdict: '), view.verdict),
    steps.length === 0
      ? el('p', {}, 'The trace has no step of this payment to tell.')
      : el('div', { class: 'moves' }, ...buttons),
    current,
    el('div', { class: 'story-body' }, list, diagram),
    el('p', { class: 'hint' }, view.replay),
  );
  let index = 0;
  function go(to: number | undefined): void {
    if (to === undefined) return;
    index = to;
    fill(current, stepLine(steps, index));
    for (const marked of section.querySelectorAll('.current')) marked.classList.remove('current');
    for (const shown of section.querySelectorAll(`[data-step="${index}"]`)) shown.classList.add('current');
    MOVES.forEach(({ move, cannot }, at) => {
      const button = buttons[at];
      if (button === undefined) return;
      button.disabled = walk(steps, index, move) === undefined;
      button.title = button.disabled ? cannot : '';
    });
    section.querySelector(`#story-steps [data-step="${index}"]`)?.scrollIntoView({ block: 'nearest' });
    section
      .querySelector(`#story-diagram [data-step="${index}"]`)
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
  section.onkeydown = (event) => {
    const move = event.key === 'ArrowRight' ? 'next' : event.key === 'ArrowLeft' ? 'back' : undefined;
    if (move !== undefined) go(walk(steps, index, move));
  };
  if (steps.length > 0) go(0);
  section.scrollIntoView({ block: 'start' });
}
