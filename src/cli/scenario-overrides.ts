/**
 * Command-line flags that override a scenario's settings for one invocation.
 */
import type { Scenario } from '../scenario/scenario.js';

export interface ScenarioOverrides {
  /** --payments n */
  readonly payments?: number;
}

export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  if (overrides.payments === undefined) return scenario;
  return { ...scenario, workload: { ...scenario.workload, payments: overrides.payments } };
}
