/**
 * What a play session has turned: the scenario as loaded, the knobs applied to it, and which of
 * its faults are on. Faults are switched rather than deleted, so one switched off can come back.
 *
 * The scenario a session runs and exports is derived from this. Its expectations go with it
 * only while nothing has changed: they are claims about the scenario as written, and a changed
 * world makes no such claim (a file exported from play should not fail `idemsim compare` for a
 * promise its author never made).
 */
import type { Knob } from './knob.js';
import { PLAY_KNOBS } from './play-knobs.js';
import type { Scenario } from './scenario.js';
import type { TimedFault } from '../world/nemesis.js';

export interface PlaySetup {
  /** The scenario as loaded. */
  readonly base: Scenario;
  /** `base` with the knobs applied; its fault plan is always the whole of base's. */
  readonly scenario: Scenario;
  /** Whether each of base's faults is on, by index. */
  readonly faultsOn: readonly boolean[];
  /** The knobs of this session (its strategies' settings among them), in the order they are offered. */
  readonly knobs: readonly Knob[];
}

export type SetupChange =
  | { readonly kind: 'knob'; readonly knob: Knob; readonly from: string; readonly to: string }
  | { readonly kind: 'fault'; readonly index: number; readonly fault: TimedFault; readonly on: boolean };

/** `knobs`: the session's, from its strategies (default: those of every built-in strategy). */
export function startSetup(base: Scenario, knobs: readonly Knob[] = PLAY_KNOBS): PlaySetup {
  return { base, scenario: base, faultsOn: base.faults.map(() => true), knobs };
}

/** The setup with the knobs' scenario replaced (faults keep their switches). */
export function withScenario(setup: PlaySetup, scenario: Scenario): PlaySetup {
  return { ...setup, scenario: { ...scenario, faults: setup.base.faults } };
}

export function toggleFault(setup: PlaySetup, index: number): PlaySetup {
  return { ...setup, faultsOn: setup.faultsOn.map((on, at) => (at === index ? !on : on)) };
}

/** What changed from `before` to `after`: knobs whose shown value differs, then faults switched. */
export function changesBetween(before: PlaySetup, after: PlaySetup): SetupChange[] {
  const knobs = after.knobs.flatMap((knob): SetupChange[] => {
    const [from, to] = [knob.show(before.scenario), knob.show(after.scenario)];
    return from === to ? [] : [{ kind: 'knob', knob, from, to }];
  });
  const faults = after.base.faults.flatMap((fault, index): SetupChange[] => {
    const on = after.faultsOn[index] ?? true;
    return (before.faultsOn[index] ?? true) === on ? [] : [{ kind: 'fault', index, fault, on }];
  });
  return [...knobs, ...faults];
}

/** What changed from the scenario as loaded. */
export function changesOf(setup: PlaySetup): SetupChange[] {
  return changesBetween(startSetup(setup.base, setup.knobs), setup);
}

/** The scenario to run: the knobs' scenario with only the faults that are on. */
export function scenarioOf(setup: PlaySetup): Scenario {
  const faults = setup.base.faults.filter((_, index) => setup.faultsOn[index] ?? true);
  const unchanged = changesOf(setup).length === 0;
  return { ...setup.scenario, faults, expect: unchanged ? setup.base.expect : {} };
}

export interface ExportNaming {
  /** The scenario's name, kebab-case (from the file's name). */
  readonly name: string;
  /** The changes, one line each, in words; appended to the story. */
  readonly changeLines: readonly string[];
}

/** The setup as a scenario of its own: named, and with its story saying what was changed. */
export function exportedScenario(setup: PlaySetup, naming: ExportNaming): Scenario {
  const scenario = scenarioOf(setup);
  if (naming.changeLines.length === 0) return { ...scenario, name: naming.name };
  const changes = naming.changeLines.map((line) => `- ${line}`).join('\n');
  return {
    ...scenario,
    name: naming.name,
    title: `${setup.base.title} (changed)`,
    story: `${setup.base.story.trim()}\n\nChanged from ${setup.base.name} in idemsim play:\n${changes}`,
  };
}

/** A file name to a scenario name: "My Setup.yaml" -> "my-setup". */
export function scenarioNameFor(fileBaseName: string): string {
  const name = fileBaseName
    .replace(/\.ya?ml$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'play' : name;
}
