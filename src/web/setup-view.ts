/**
 * The setup as the page draws it: the story, each knob with its value and the scenario's, each
 * fault switched on or off, and what was changed.
 */
import { describeFault } from '../hunt/describe-fault.js';
import { changeLine } from '../report/setup-text.js';
import { changesOf, type PlaySetup } from '../scenario/play-setup.js';
import type { KnobView, SetupView } from './web-protocol.js';

export function setupView(setup: PlaySetup): SetupView {
  const { base, scenario } = setup;
  return {
    name: base.name,
    title: base.title,
    story: base.story.trim(),
    knobs: setup.knobs.map(
      (knob): KnobView => ({
        id: knob.id,
        label: knob.label,
        help: knob.help,
        value: knob.show(scenario),
        scenarioValue: knob.show(base),
        ...(knob.options === undefined ? {} : { options: knob.options }),
      }),
    ),
    faults: base.faults.map((fault, index) => ({
      text: describeFault(fault),
      on: setup.faultsOn[index] ?? true,
    })),
    changes: changesOf(setup).map(changeLine),
    size: runSize(scenario.workload.payments, scenario.seeds),
  };
}

/** "20 payments × 6 seeds", "1 payment × 1 seed" (as play says it). */
export function runSize(payments: number, seeds: number): string {
  return `${payments} payment${payments === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}
