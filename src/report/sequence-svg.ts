/**
 * A payment's story as an SVG sequence diagram, drawn from the same steps `explain` narrates and
 * `explain --format mermaid` writes (the nodes in mermaid.ts's order, the same arrows): a lane per
 * node, a row per step with its virtual time in the left margin, requests as solid arrows,
 * answers dashed, lost messages ending in a cross, and what happens at one node as a box on its
 * lane. Drawn here rather than by a bundled Mermaid, which would weigh more than the whole report.
 *
 * Plain strings, no DOM and no node: imports, so the browser page can draw with it too. Styling
 * is by class (SEQUENCE_SVG_CSS, included once per page); the words carry every meaning, colour
 * only repeats it.
 */
import { escapeHtml } from './html-escape.js';
import { participantsOf } from './mermaid.js';
import { formatT, type StepKind, type StoryStep } from './story-step.js';

/** Width of the time margin, of one lane, height of the header and of one row, px. */
const GUTTER_PX = 96;
const LANE_PX = 172;
const HEAD_PX = 48;
const ROW_PX = 30;
/** About how wide one character of the diagram's 13px type is, px: labels are cut to fit. */
const CHAR_PX = 7.6;

/** The page's rules for the diagrams (once per page, not once per diagram). */
export const SEQUENCE_SVG_CSS = `
svg.seq{font:13px/1 system-ui,sans-serif;max-width:100%;height:auto;background:#fff}
svg.seq text{fill:#111}
svg.seq .lane{stroke:#888;stroke-dasharray:4 4}
svg.seq .head rect{fill:#e8eef7;stroke:#234}
svg.seq .head text{font-weight:700;text-anchor:middle}
svg.seq .time{fill:#444;font-variant-numeric:tabular-nums}
svg.seq .msg line{stroke:#123;stroke-width:1.6}
svg.seq .msg path{fill:#123}
svg.seq .answer line{stroke-dasharray:6 4}
svg.seq .lost line{stroke:#b00020;stroke-dasharray:3 3}
svg.seq .lost text.cross{fill:#b00020;font-weight:700;font-size:18px}
svg.seq .note rect{fill:#f4f4f4;stroke:#666}
svg.seq .note.charge rect{fill:#fff3c4;stroke:#8a6d00;stroke-width:2}
svg.seq .note.node rect{fill:#fde2e4;stroke:#b00020;stroke-width:2}
svg.seq .note.timeout rect,svg.seq .note.network rect{fill:#ffe8cc;stroke:#a34d00}
svg.seq .label{text-anchor:middle}
`;

/** Where the lanes are, and how wide the whole diagram is (nothing is drawn past it). */
interface Layout {
  readonly laneOf: ReadonlyMap<string, number>;
  readonly width: number;
}

interface Row {
  readonly step: StoryStep;
  /** For an exec: the answer row under its request. */
  readonly answer?: string;
}

export function renderSequenceSvg(steps: readonly StoryStep[], title: string): string {
  const actors = participantsOf(steps);
  const laneOf = new Map(actors.map((actor, index) => [actor, GUTTER_PX + LANE_PX * index + LANE_PX / 2]));
  const rows = steps.flatMap(rowsOf);
  const width = GUTTER_PX + LANE_PX * Math.max(actors.length, 1) + 8;
  const height = HEAD_PX + ROW_PX * (rows.length + 1);
  const parts = [
    `<svg class="seq" xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    ...actors.map((actor) => header(actor, laneOf.get(actor) ?? 0, height)),
    ...rows.map((row, index) => drawRow(row, HEAD_PX + ROW_PX * (index + 1), { laneOf, width })),
    '</svg>',
  ];
  return parts.join('');
}

/** A step is one row; a store's execution two (what ran, then the answer the caller took). */
function rowsOf(step: StoryStep): Row[] {
  if (step.kind === 'drop') return []; // drawn on the message it lost, as mermaid.ts does
  if (step.kind === 'exec' && step.result !== undefined) {
    return [{ step }, { step, answer: step.result }];
  }
  return [{ step }];
}

function header(actor: string, x: number, height: number): string {
  const boxWidth = LANE_PX - 16;
  return (
    `<line class="lane" x1="${x}" y1="${HEAD_PX - 8}" x2="${x}" y2="${height}"/>` +
    `<g class="head"><rect x="${x - boxWidth / 2}" y="6" width="${boxWidth}" height="30" rx="4"/>` +
    `<text x="${x}" y="26">${escapeHtml(clipped(actor, boxWidth))}</text></g>`
  );
}

function drawRow(row: Row, y: number, layout: Layout): string {
  const { step } = row;
  const time =
    row.answer === undefined ? `<text class="time" x="6" y="${y + 4}">${formatT(step.tMs)}</text>` : '';
  const from = step.from === undefined ? undefined : layout.laneOf.get(step.from);
  const to = step.to === undefined ? undefined : layout.laneOf.get(step.to);
  if (from === undefined || to === undefined || from === to) return time + note(step, y, layout);
  if (row.answer !== undefined) return time + message(to, from, y, row.answer, 'answer', layout);
  const style =
    step.lost === true ? 'lost' : step.kind === 'call' || step.kind === 'exec' ? 'call' : 'answer';
  return time + message(from, to, y, step.label, style, layout);
}

function message(
  x1: number,
  x2: number,
  y: number,
  label: string,
  style: 'call' | 'answer' | 'lost',
  layout: Layout,
): string {
  const direction = Math.sign(x2 - x1);
  const tip =
    style === 'lost'
      ? `<text class="cross" x="${x2 - direction * 6}" y="${y + 6}" text-anchor="middle">×</text>`
      : `<path d="M${x2} ${y}l${-direction * 9} -5v10z"/>`;
  // A label may run past its arrow's ends: its row has nothing else on it.
  const room = Math.max(Math.abs(x2 - x1), LANE_PX * 2) - 12;
  return (
    `<g class="msg ${style}">` +
    `<line x1="${x1}" y1="${y}" x2="${x2 - direction * (style === 'lost' ? 12 : 0)}" y2="${y}"/>${tip}` +
    labelText((x1 + x2) / 2, y - 6, label, room, layout) +
    '</g>'
  );
}

/** What happens at one node: a box on its lane, as wide as two lanes at most. */
function note(step: StoryStep, y: number, layout: Layout): string {
  const x = layout.laneOf.get(step.actor) ?? layout.laneOf.get(step.from ?? '') ?? GUTTER_PX + LANE_PX / 2;
  const room = LANE_PX * 2 - 16;
  const boxWidth = Math.min(room, clipped(step.label, room).length * CHAR_PX + 16);
  const left = Math.min(Math.max(GUTTER_PX, x - boxWidth / 2), layout.width - boxWidth - 2);
  return (
    `<g class="note ${noteClass(step.kind)}"><rect x="${left}" y="${y - 12}" width="${boxWidth}" height="22" rx="3"/>` +
    labelText(left + boxWidth / 2, y + 4, step.label, room, layout) +
    '</g>'
  );
}

function noteClass(kind: StepKind): string {
  return kind === 'charge' || kind === 'node' || kind === 'timeout' || kind === 'network' ? kind : 'other';
}

/** The label cut to `room` px and kept inside the diagram; the whole of it as a tooltip when cut. */
function labelText(x: number, y: number, label: string, room: number, layout: Layout): string {
  const shown = clipped(label, room);
  const half = (shown.length * CHAR_PX) / 2;
  const centre = Math.min(Math.max(x, GUTTER_PX + half), layout.width - half - 2);
  const tooltip = shown === label ? '' : `<title>${escapeHtml(label)}</title>`;
  return `<text class="label" x="${round(centre)}" y="${y}">${tooltip}${escapeHtml(shown)}</text>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function clipped(text: string, room: number): string {
  const chars = Math.max(4, Math.floor(room / CHAR_PX));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
