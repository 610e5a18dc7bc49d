/**
 * idemsim as a library: what a user's own test suite imports to put a strategy through the
 * simulator and fast-check. This explicit list is the package's public API; everything else is
 * internal and may change.
 */

// Running the simulator.
export { runExperiment, type ExperimentInput, type Outcome } from './experiment/run-experiment.js';
export { summarizeRun, type RunSummary } from './experiment/run-summary.js';
export { runSeries } from './experiment/run-series.js';
export { seedsFrom } from './experiment/scenario-seeds.js';

// Scenarios.
export type { Scenario } from './scenario/scenario.js';
export type { Expectation } from './checks/expectation.js';
export { HARM_CATALOGUE, HARMS, type Harm, type HarmEntry } from './checks/harm-catalogue.js';
export { defaultScenario } from './scenario/default-scenario.js';
export { loadScenario, type LoadResult } from './scenario/load-scenario.js';
export { scenarioToYaml } from './scenario/scenario-file-writer.js';

// Strategies: the built-ins, and the types to write one.
export { strategies, strategyNamed } from './strategies/registry.js';
export type { Strategy, StrategyContext, StrategyWorker } from './strategies/strategy.js';
export type { PaymentRequest, HttpResponse } from './components/port/http.js';
export type { ServicePort, PaymentProviderPort, ChargeRequest, Charge } from './components/port/port.js';
export type { Proc } from './engine/effects.js';

// Property-based testing.
export {
  hunt,
  firstViolation,
  type HuntOptions,
  type HuntResult,
  type HuntFound,
  type HuntPassed,
  type HuntProgress,
} from './hunt/hunt.js';
export { huntBaseScenario } from './hunt/hunt-base.js';
export { huntSpace } from './hunt/derive-space.js';
export { huntSpaceFor, type HuntSpace, type Range } from './hunt/hunt-space.js';
export { applyHuntCase } from './hunt/apply-hunt-case.js';
export { runCase, runScenario } from './hunt/run-case.js';
export type { HuntCase, HuntFault, ClientTweaks, WorkerRef } from './hunt/hunt-case.js';
export {
  huntCaseArbitrary,
  faultArbitrary,
  faultPlanArbitrary,
  clientPolicyArbitrary,
  providerLatencyArbitrary,
  settingsArbitrary,
  workloadArbitrary,
} from './hunt/world-arbitraries.js';
export {
  BUILT_IN_PROPERTIES,
  builtInProperty,
  propertyOf,
  noDoubleCharge,
  noLostPayment,
  noChargedButFailed,
  noToldPaidEarly,
  noStuckPayment,
  noWrongReplay,
  type HuntProperty,
  type JudgedRun,
} from './hunt/properties.js';

// Telling a run's story.
export { paymentStory, firstHarmedPayment, type StoryStep } from './report/payment-story.js';
