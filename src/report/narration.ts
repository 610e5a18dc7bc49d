/**
 * A payment's story as text: a header saying whose story and how it ended, one line per step in
 * virtual time, and the command that replays it.
 */
import { formatT, type StoryStep } from './story-step.js';

export interface NarrationHeader {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  readonly payment: string;
  readonly verdict: string;
  /** The command that reproduces this story. */
  readonly replay: string;
  /** When the workload and the fault plan started, ms of virtual time (after setup and warm-up). */
  readonly startMs?: number;
}

/**
 * Story times count from the start of the simulation. When the world took a while to warm up (a
 * Kafka consumer group forming), the scenario's fault times are later in the story by that much:
 * say so, or "at: 2s" reads as a mistake next to "t=5.015s".
 */
export function startNote(startMs: number | undefined): string | undefined {
  if (startMs === undefined || startMs < 100) return undefined;
  return `clock: traffic and the scenario's faults start at ${formatT(startMs)}, once the world had warmed up (a fault "at: 2s" shows at ${formatT(startMs + 2000)})`;
}

export function renderNarration(header: NarrationHeader, steps: readonly StoryStep[]): string {
  const lines = [
    `${header.scenario} · strategy ${header.strategy} · seed ${header.seed} · payment ${header.payment}`,
    `verdict: ${header.verdict}`,
    ...optional(startNote(header.startMs)),
    '',
    ...steps.map((step) => `${formatT(step.tMs)}  ${step.text}`),
    '',
    `replay: ${header.replay}`,
  ];
  return lines.join('\n');
}

function optional(line: string | undefined): string[] {
  return line === undefined ? [] : [line];
}
