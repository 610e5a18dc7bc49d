import { describe, expect, it } from 'vitest';
import { renderNarration, startNote } from '../../src/report/narration.js';
import type { StoryStep } from '../../src/report/payment-story.js';

const header = {
  scenario: '05-lease-outlived',
  strategy: 'kafka-eos',
  seed: 2,
  payment: 'pay-08',
  verdict: 'charged 2 times (ch_6, ch_7)',
  replay: 'idemsim explain 05 ...',
};
const steps: StoryStep[] = [
  {
    tMs: 3651,
    actor: 'client',
    kind: 'call',
    text: 'client sends POST /payments to lb',
    label: 'POST /payments',
  },
];

describe('a narration', () => {
  it('says when traffic started once the world took a while to warm up', () => {
    expect(renderNarration({ ...header, startMs: 3015 }, steps)).toBe(
      [
        '05-lease-outlived · strategy kafka-eos · seed 2 · payment pay-08',
        'verdict: charged 2 times (ch_6, ch_7)',
        'clock: traffic and the scenario\'s faults start at t=3.015s, once the world had warmed up (a fault "at: 2s" shows at t=5.015s)',
        '',
        't=3.651s  client sends POST /payments to lb',
        '',
        'replay: idemsim explain 05 ...',
      ].join('\n'),
    );
  });

  it('says nothing of the clock when traffic started at once (setup takes a millisecond or so)', () => {
    expect(startNote(0.619)).toBeUndefined();
    expect(startNote(undefined)).toBeUndefined();
    expect(renderNarration({ ...header, startMs: 0.619 }, steps).split('\n')[2]).toBe('');
  });
});
