/**
 * Running hunt cases: what a search does per case, and what a user's own property test calls.
 */
import { runExperiment } from '../experiment/run-experiment.js';
import { summarizeRun } from '../experiment/run-summary.js';
import type { StrategyMonitor } from '../experiment/strategy-watch.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { applyHuntCase } from './apply-hunt-case.js';
import type { HuntCase } from './hunt-case.js';
import { huntBaseScenario } from './hunt-base.js';
import type { JudgedRun } from './properties.js';

/**
 * One run of a scenario, judged (trace off unless asked: a search runs thousands). `monitor` is
 * told when a user's strategy code runs (a watchdog on another thread).
 */
export async function runScenario(
  scenario: Scenario,
  strategy: Strategy,
  trace: boolean,
  monitor?: StrategyMonitor,
): Promise<JudgedRun> {
  const outcome = await runExperiment({
    scenario,
    strategy,
    seed: scenario.seed,
    trace,
    ...(monitor === undefined ? {} : { monitor }),
  });
  // Without a trace this is one case of a search: its latency is worked out only if a property reads it.
  return { outcome, summary: summarizeRun(outcome, { lazyLatency: !trace }) };
}

/** Lays `huntCase` over `base` (default: the hunt's healthy base) and runs it with `strategy`. */
export function runCase(
  strategy: Strategy,
  huntCase: HuntCase,
  base: Scenario = huntBaseScenario,
  monitor?: StrategyMonitor,
): Promise<JudgedRun> {
  return runScenario(applyHuntCase(base, strategy.name, huntCase), strategy, false, monitor);
}
