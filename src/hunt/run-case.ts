/**
 * Running hunt cases: what a search does per case, and what a user's own property test calls.
 */
import { runExperiment } from '../experiment/run-experiment.js';
import { summarizeRun } from '../experiment/run-summary.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { applyHuntCase } from './apply-hunt-case.js';
import type { HuntCase } from './hunt-case.js';
import { huntBaseScenario } from './hunt-base.js';
import type { JudgedRun } from './properties.js';

/** One run of a scenario, judged (trace off unless asked: a search runs thousands). */
export async function runScenario(
  scenario: Scenario,
  strategy: Strategy,
  trace: boolean,
): Promise<JudgedRun> {
  const outcome = await runExperiment({ scenario, strategy, seed: scenario.seed, trace });
  return { outcome, summary: summarizeRun(outcome) };
}

/** Lays `huntCase` over `base` (default: the hunt's healthy base) and runs it with `strategy`. */
export function runCase(
  strategy: Strategy,
  huntCase: HuntCase,
  base: Scenario = huntBaseScenario,
): Promise<JudgedRun> {
  return runScenario(applyHuntCase(base, strategy.name, huntCase), strategy, false);
}
