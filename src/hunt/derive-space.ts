/**
 * The hunt space for one strategy over one base scenario: the base's bounds, plus what a probe run
 * shows the strategy touches (so a hunt does not spend its budget cutting links nobody uses).
 */
import { runExperiment } from '../experiment/run-experiment.js';
import type { StrategyMonitor } from '../experiment/strategy-watch.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { huntBaseScenario } from './hunt-base.js';
import { huntSpaceFor, type HuntSpace } from './hunt-space.js';
import { touchedNodes } from './touched-nodes.js';

/** Bounds from the base scenario and one probe run that shows which nodes the strategy calls. */
export async function huntSpace(
  strategy: Strategy,
  base: Scenario = huntBaseScenario,
  monitor?: StrategyMonitor,
): Promise<HuntSpace> {
  const probe = await runExperiment({
    scenario: { ...base, faults: [] },
    strategy,
    seed: base.seed,
    trace: true,
    ...(monitor === undefined ? {} : { monitor }),
  });
  const touched = touchedNodes(probe.trace);
  return huntSpaceFor(base, {
    ...touched,
    consumes: strategy.consume !== undefined,
    durationSettings: fileSettableDurations(strategy),
  });
}

/** A scenario file can set any strategy's `...Ms` settings, a user's as well as a built-in one's. */
function fileSettableDurations(strategy: Strategy): Record<string, number> {
  const defaults = strategy.defaults as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(defaults).filter(
      (entry): entry is [string, number] => entry[0].endsWith('Ms') && typeof entry[1] === 'number',
    ),
  );
}
