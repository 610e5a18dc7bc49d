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
}

export function renderNarration(header: NarrationHeader, steps: readonly StoryStep[]): string {
  const lines = [
    `${header.scenario} · strategy ${header.strategy} · seed ${header.seed} · payment ${header.payment}`,
    `verdict: ${header.verdict}`,
    '',
    ...steps.map((step) => `${formatT(step.tMs)}  ${step.text}`),
    '',
    `replay: ${header.replay}`,
  ];
  return lines.join('\n');
}
