/**
 * A play setup in words: the scenario's story with its faults told as sentences and marked on or
 * off, and each change from the scenario as one line ("client timeout: 1s → 30s").
 */
import { describeFault } from '../hunt/describe-fault.js';
import { changesOf, type PlaySetup, type SetupChange } from '../scenario/play-setup.js';

export function changeLine(change: SetupChange): string {
  if (change.kind === 'knob') return `${change.knob.label}: ${change.from} → ${change.to}`;
  return `fault ${change.index + 1} ${change.on ? 'on' : 'off'}: ${describeFault(change.fault)}`;
}

/** "client timeout: 1s → 30s; fault 2 off: ..." or `none` when nothing changed. */
export function changesInOneLine(changes: readonly SetupChange[], none: string): string {
  return changes.length === 0 ? none : changes.map(changeLine).join('; ');
}

/** The scenario as the session opens it: name and title, the story, the faults, what was changed. */
export function setupStory(setup: PlaySetup): string {
  const { base } = setup;
  const story = base.story
    .trim()
    .split('\n')
    .map((line) => `  ${line}`);
  const faults = base.faults.map(
    (fault, index) =>
      `  ${index + 1}. ${setup.faultsOn[index] === false ? 'off' : 'on '}  ${describeFault(fault)}`,
  );
  const changes = changesOf(setup).map((change) => `  ${changeLine(change)}`);
  return [
    `${base.name}: ${base.title}`,
    '',
    ...story,
    '',
    ...(faults.length === 0
      ? ['No faults: what happens here is timing alone.']
      : ['Faults (switch them on or off under "Change a setting"):', ...faults]),
    ...(changes.length === 0 ? [] : ['', 'Changed from the scenario:', ...changes]),
    '',
  ].join('\n');
}
