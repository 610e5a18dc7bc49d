/**
 * A payment's story as a Mermaid `sequenceDiagram`: requests `->>`, replies `-->>`, lost messages
 * `-x`, and what happens at one node (timeouts, charges, TTL expiries, crashes, pauses,
 * partitions) as notes. A store's execution of a call is drawn as its request, labelled with what
 * ran, and the answer the caller took; a Kafka record handed to a consumer as an answer from kafka.
 */
import { formatT, type StoryStep } from './story-step.js';

/** Where each kind of node stands, left to right. */
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

export function renderMermaid(steps: readonly StoryStep[]): string {
  const actors = participantsOf(steps);
  const lines = ['sequenceDiagram'];
  for (const actor of actors) {
    const id = idOf(actor);
    lines.push(id === actor ? `    participant ${id}` : `    participant ${id} as ${actor}`);
  }
  for (const step of steps) {
    for (const line of linesOf(step)) lines.push(`    ${line}`);
  }
  return lines.join('\n');
}

function linesOf(step: StoryStep): string[] {
  const text = clean(`${formatT(step.tMs)} ${step.label}`);
  if (step.kind === 'drop') return []; // drawn on the message it lost
  if (step.from !== undefined && step.to !== undefined) {
    const [from, to] = [idOf(step.from), idOf(step.to)];
    if (step.kind === 'exec') {
      const answer = step.result === undefined ? [] : [`${to} -->> ${from}: ${clean(step.result)}`];
      return [`${from} ->> ${to}: ${text}`, ...answer];
    }
    const arrow = step.lost === true ? '-x' : step.kind === 'call' ? '->>' : '-->>';
    return [`${from} ${arrow} ${to}: ${text}`];
  }
  return [`Note over ${idOf(step.actor)}: ${text}`];
}

/** The nodes a story draws, left to right: client first, the payment provider last. */
export function participantsOf(steps: readonly StoryStep[]): string[] {
  const seen = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'drop') continue;
    for (const actor of [step.actor, step.from, step.to]) if (actor !== undefined) seen.add(actor);
  }
  return [...seen].sort(compareActors);
}

function compareActors(a: string, b: string): number {
  const rank = (actor: string): number => {
    const index = ORDER.findIndex((pattern) => pattern.test(actor));
    return index === -1 ? ORDER.length : index;
  };
  const number = (actor: string): number => Number(/-(\d+)$/.exec(actor)?.[1] ?? 0);
  return rank(a) - rank(b) || number(a) - number(b) || a.localeCompare(b);
}

/** A valid Mermaid identifier for a node name ("service-1" -> "service_1"). */
export function idOf(actor: string): string {
  return actor.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Longest label drawn: a whole SQL statement would stretch the diagram off the page. */
const LABEL_CHARS_MAX = 90;

/** Mermaid reads ';' as a line break and '#' as an entity. */
function clean(text: string): string {
  const short = text.length <= LABEL_CHARS_MAX ? text : `${text.slice(0, LABEL_CHARS_MAX - 1)}…`;
  return short.replace(/[;#]/g, ',');
}

/** A diagram that only says `text` (e.g. that no payment went wrong): still valid Mermaid. */
export function renderMermaidNote(text: string): string {
  return [
    'sequenceDiagram',
    '    participant client',
    `    Note over client: ${text.replace(/[;#]/g, ',')}`,
  ].join('\n');
}
