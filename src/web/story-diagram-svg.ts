/**
 * A payment's story as a small SVG sequence diagram, one row per step: a lifeline per node, an
 * arrow per message (dashed for a reply, ending in a cross when lost), a box on the lifeline for
 * what happens at one node (a charge, a crash, a TTL expiry). Every step's drawing is a group with
 * `data-step="<index>"`, so the page can light up the step being told.
 *
 * The page's own minimal builder: the report layer's SVG sequence diagram was not on main when
 * this was written. It draws from the same StoryStep data as the Mermaid diagram (mermaid.ts).
 */
import { formatT, type StoryStep } from '../report/story-step.js';

/** Where each kind of node stands, left to right (as in the Mermaid diagram). */
const ORDER: readonly RegExp[] = [
  /^client$/,
  /^gateway$/,
  /^lb$/,
  /^service-/,
  /^consumer-/,
  /^postgres$/,
  /^redis$/,
  /^kafka$/,
  /^psp$/,
];

const COLUMN_WIDTH = 170;
const ROW_HEIGHT = 30;
const TOP = 40;
const SIDE = 100;
/** Longest label drawn: a whole SQL statement would stretch the row past its neighbours. */
const LABEL_CHARS_MAX = 48;

export function storyDiagramSvg(steps: readonly StoryStep[]): string {
  const actors = participantsOf(steps);
  const x = (actor: string): number => SIDE + actors.indexOf(actor) * COLUMN_WIDTH;
  const width = SIDE * 2 + Math.max(0, actors.length - 1) * COLUMN_WIDTH;
  const height = TOP + steps.length * ROW_HEIGHT + 20;
  const heads = actors.map(
    (actor) =>
      `<text class="actor" x="${x(actor)}" y="20" text-anchor="middle">${escapeXml(actor)}</text>` +
      `<line class="lifeline" x1="${x(actor)}" y1="28" x2="${x(actor)}" y2="${height - 10}"/>`,
  );
  const rows = steps.map((step, index) => stepSvg(step, index, TOP + index * ROW_HEIGHT + 18, x));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="story-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...heads,
    ...rows,
    '</svg>',
  ].join('\n');
}

function stepSvg(step: StoryStep, index: number, y: number, x: (actor: string) => number): string {
  const label = escapeXml(shorten(`${formatT(step.tMs)} ${step.label}`));
  const title = `<title>${escapeXml(step.text)}</title>`;
  const open = `<g class="step kind-${step.kind}" data-step="${index}">${title}`;
  if (step.from !== undefined && step.to !== undefined && step.from !== step.to && step.kind !== 'drop') {
    const [from, to] = [x(step.from), x(step.to)];
    const dashed = step.kind === 'reply' || step.kind === 'deliver' ? ' dashed' : '';
    const lost = step.lost === true;
    const end = lost ? from + (to - from) * 0.8 : to;
    const arrow = `<line class="message${dashed}" x1="${from}" y1="${y}" x2="${end}" y2="${y}"${lost ? '' : ' marker-end="url(#arrow)"'}/>`;
    const cross = lost ? `<text class="lost" x="${end}" y="${y + 5}" text-anchor="middle">✕</text>` : '';
    const answer =
      step.kind === 'exec' && step.result !== undefined ? ` → ${escapeXml(shorten(step.result))}` : '';
    const text = `<text x="${(from + to) / 2}" y="${y - 5}" text-anchor="middle">${label}${answer}</text>`;
    return `${open}${arrow}${cross}${text}</g>`;
  }
  const at = x(step.actor);
  const boxWidth = COLUMN_WIDTH - 20;
  return (
    `${open}<rect class="note" x="${at - boxWidth / 2}" y="${y - 14}" width="${boxWidth}" height="20" rx="4"/>` +
    `<text x="${at}" y="${y}" text-anchor="middle">${label}</text></g>`
  );
}

function participantsOf(steps: readonly StoryStep[]): string[] {
  const seen = new Set<string>();
  for (const step of steps) {
    for (const actor of [step.actor, step.from, step.to]) if (actor !== undefined) seen.add(actor);
  }
  const rank = (actor: string): number => {
    const index = ORDER.findIndex((pattern) => pattern.test(actor));
    return index === -1 ? ORDER.length : index;
  };
  const number = (actor: string): number => Number(/-(\d+)$/.exec(actor)?.[1] ?? 0);
  return [...seen].sort((a, b) => rank(a) - rank(b) || number(a) - number(b) || a.localeCompare(b));
}

function shorten(text: string): string {
  return text.length <= LABEL_CHARS_MAX ? text : `${text.slice(0, LABEL_CHARS_MAX - 1)}…`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
