/**
 * Walking a payment's story one step at a time, as a facilitator does in front of a room: where
 * each move lands (next, back, the next charge, the end), and the line that shows a step with its
 * number and virtual time. Positions are 0-based indexes into the steps; lines count from 1.
 */
import { formatT, type StoryStep } from './payment-story.js';

export type WalkMove = 'next' | 'back' | 'next-charge' | 'end';

/** Where `move` lands from `index`; undefined when it cannot go anywhere (past the end, no later charge). */
export function walk(steps: readonly StoryStep[], index: number, move: WalkMove): number | undefined {
  const last = steps.length - 1;
  switch (move) {
    case 'next':
      return index < last ? index + 1 : undefined;
    case 'back':
      return index > 0 ? index - 1 : undefined;
    case 'next-charge': {
      const found = steps.findIndex((step, at) => at > index && step.kind === 'charge');
      return found === -1 ? undefined : found;
    }
    case 'end':
      return index < last ? last : undefined;
  }
}

/** "step 7/31  t=1.606s  psp charges ch_6 for pay-01 (10.00)". */
export function stepLine(steps: readonly StoryStep[], index: number): string {
  const step = steps[index];
  if (step === undefined) return '';
  const number = `step ${String(index + 1).padStart(String(steps.length).length)}/${steps.length}`;
  return `${number}  ${formatT(step.tMs)}  ${step.text}`;
}
