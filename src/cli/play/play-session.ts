/**
 * `idemsim play`: an interactive session for a workshop. Pick a scenario and read its story;
 * turn the knobs that decide the outcome; run every strategy and see what moved; step through a
 * payment that went wrong; export the setup as a scenario file; quit.
 *
 * The session is a loop over one menu. It returns what it showed (each run's comparison, the
 * files it wrote) so that tests can hold it to what the command line prints for the same file.
 */
import type { Comparison } from '../../experiment/compare.js';
import { setupStory } from '../../report/setup-text.js';
import { violationsOf } from '../../report/violations.js';
import { playKnobs } from '../../scenario/play-knobs.js';
import { changesBetween, changesOf, startSetup, type PlaySetup } from '../../scenario/play-setup.js';
import { changeSetting } from './change-setting.js';
import { exportSetup } from './export-setup.js';
import { pickScenario } from './pick-scenario.js';
import type { PlayDeps, PlayStart } from './play-deps.js';
import { runComparison, runSize, scenarioResults, type PlayRun } from './play-run.js';
import type { Choice } from './prompter.js';
import { stepThroughViolation } from './step-through.js';

export interface PlayResult {
  /** Every run's comparison, in order. */
  readonly comparisons: readonly Comparison[];
  /** Paths of the scenario files written. */
  readonly exported: readonly string[];
}

type Action = 'run' | 'change' | 'step' | 'story' | 'export' | 'scenario' | 'quit';

interface SessionState {
  readonly source: string;
  readonly setup: PlaySetup;
  readonly lastRun: PlayRun | undefined;
  /** The setup as last exported (or as opened): changes since it are lost on leaving. */
  readonly saved: PlaySetup;
}

export async function runPlaySession(deps: PlayDeps, start?: PlayStart): Promise<PlayResult> {
  const comparisons: Comparison[] = [];
  const exported: string[] = [];
  let state = await open(deps, start ?? (await pickScenario(deps)));
  let next: Action = 'run';
  for (;;) {
    const action = await deps.prompter.select<Action>({
      message: 'What now?',
      choices: menu(state),
      default: next,
    });
    switch (action) {
      case 'run': {
        const run = await runComparison(deps, state.setup, state.lastRun);
        comparisons.push(run.comparison);
        state = { ...state, lastRun: run };
        next = violationsOf(scenarioResults(run)).length > 0 ? 'step' : 'change';
        break;
      }
      case 'change': {
        state = { ...state, setup: await changeSetting(deps.prompter, state.setup) };
        next = 'run';
        break;
      }
      case 'step':
        if (state.lastRun !== undefined) await stepThroughViolation(deps, state.lastRun, state.source);
        break;
      case 'story':
        deps.prompter.say(`\n${setupStory(state.setup)}\n`);
        break;
      case 'export': {
        const path = await exportSetup(deps, state.setup);
        if (path !== undefined) {
          exported.push(path);
          state = { ...state, saved: state.setup };
        }
        break;
      }
      case 'scenario':
        if (!(await mayDiscard(deps, state))) {
          next = 'export';
          break;
        }
        state = await open(deps, await pickScenario(deps));
        next = 'run';
        break;
      case 'quit':
        if (await mayDiscard(deps, state)) return { comparisons, exported };
        next = 'export';
        break;
    }
  }
}

async function open(deps: PlayDeps, start: PlayStart): Promise<SessionState> {
  const setup = startSetup(start.scenario, playKnobs(deps.strategies));
  deps.prompter.say(`\n${setupStory(setup)}\n`);
  return { source: start.source, setup, lastRun: undefined, saved: setup };
}

/** Whether leaving the setup is fine: nothing changed since the last export, or the user says so. */
async function mayDiscard(deps: PlayDeps, state: SessionState): Promise<boolean> {
  const unsaved = changesBetween(state.saved, state.setup).length;
  if (unsaved === 0) return true;
  return deps.prompter.confirm({
    message: `Discard ${unsaved === 1 ? '1 change' : `${unsaved} changes`} not exported? (Export keeps them as a file)`,
    default: false,
  });
}

function menu(state: SessionState): Choice<Action>[] {
  const { scenario } = state.setup;
  const changed = changesOf(state.setup).length;
  const violations = state.lastRun === undefined ? 0 : violationsOf(scenarioResults(state.lastRun)).length;
  const stepDisabled =
    state.lastRun === undefined
      ? '(run first)'
      : violations === 0
        ? '(nothing went wrong in the last run)'
        : undefined;
  return [
    {
      name: `Run: every strategy, ${runSize(scenario.workload.payments, scenario.seeds)}`,
      value: 'run',
      description: 'fewer seeds or payments under "Change a setting" make it quicker',
    },
    {
      name: `Change a setting${changed === 0 ? '' : ` (${changed} changed)`}`,
      value: 'change',
      description: 'timeouts, retries, keys, TTLs, leases, provider latency, faults, payments, seeds',
    },
    {
      name: `Step through a violation${violations === 0 ? '' : ` (${violations} in run ${state.lastRun?.number})`}`,
      value: 'step',
      ...(stepDisabled === undefined ? {} : { disabled: stepDisabled }),
    },
    { name: 'Read the story again', value: 'story' },
    { name: 'Export this setup as a scenario file', value: 'export' },
    { name: 'Pick another scenario', value: 'scenario' },
    { name: 'Quit', value: 'quit' },
  ];
}
