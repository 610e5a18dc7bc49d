/**
 * The hunt: a property-based search (fast-check) over the worlds a HuntSpace allows, for the
 * smallest case in which a strategy breaks a property.
 *
 * Two phases, so a time budget never cuts the shrinking short: the search runs cases until one
 * fails (or the budget ends), then fast-check replays that case by its seed and path and shrinks
 * it to a local minimum, within a budget of runs (never of time, which would make the smallest
 * case depend on the machine's speed). The result is deterministic for a given seed and run
 * budget; a time budget only decides how far the search gets.
 */
import fc from 'fast-check';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { applyHuntCase } from './apply-hunt-case.js';
import { describeCase } from './describe-case.js';
import type { HuntCase } from './hunt-case.js';
import type { HuntSpace } from './hunt-space.js';
import { huntSpace } from './derive-space.js';
import { runCase, runScenario } from './run-case.js';
import { noDoubleCharge, type HuntProperty, type JudgedRun } from './properties.js';
import { huntCaseArbitrary } from './world-arbitraries.js';
import { BrokenStrategyError, type StrategyMonitor } from '../experiment/strategy-watch.js';
import { HuntCoverage } from './hunt-coverage.js';

/** The default budget: about two seconds for the slowest strategy (recovery-point runs 450-500 cases a second). */
export const DEFAULT_HUNT_RUNS = 1000;

/**
 * The default shrink budget, in runs. The default hunts' shrinks take at most a few hundred; a
 * bound keeps a pathological one finite, the same on every machine.
 */
export const DEFAULT_SHRINK_RUNS = 5000;

export interface HuntOptions {
  /** The world the hunt varies (its faults stay; the hunt adds its own). */
  readonly base: Scenario;
  readonly strategy: Strategy;
  /** What must hold; default: no double charge. */
  readonly properties?: readonly HuntProperty[];
  /** Cases to try before giving up (default DEFAULT_HUNT_RUNS). */
  readonly runs?: number;
  /** fast-check's seed: the same seed and budget give the same hunt (default 1). */
  readonly seed?: number;
  /** Stop searching after this much wall time, ms (default: no limit; only `runs`). */
  readonly timeLimitMs?: number;
  /** Stop shrinking after this many runs (default DEFAULT_SHRINK_RUNS); the smallest case so far is kept. */
  readonly shrinkRuns?: number;
  /**
   * Skip the first cases of the seed's case stream and try `runs` from here (a shard's block;
   * default 0). The reported run count and path still count from the stream's start.
   */
  readonly firstCase?: number;
  /** Changes to the bounds derived from the base scenario. */
  readonly space?: Partial<HuntSpace>;
  /** Called after every run, for progress. */
  readonly onRun?: (progress: HuntProgress) => void;
  /** Told when a user's strategy code starts and stops running (a watchdog on another thread). */
  readonly monitor?: StrategyMonitor;
}

export interface HuntProgress {
  readonly phase: 'search' | 'shrink';
  /** Runs so far in this phase. */
  readonly runs: number;
  /** Counterexamples found so far in this phase (each shrink step finds one). */
  readonly failures: number;
  /** What this phase's cases have tried so far (one object, updated in place; its size does not grow with runs). */
  readonly coverage: HuntCoverage;
}

export interface HuntCommon {
  readonly strategy: string;
  readonly seed: number;
  /** Cases run by the search, up to and including the first failure. */
  readonly runs: number;
  readonly space: HuntSpace;
  readonly properties: readonly HuntProperty[];
}

export interface HuntPassed extends HuntCommon {
  readonly found: false;
  /** True when the time budget ended the search before `runs`. */
  readonly interrupted: boolean;
  /**
   * When several searches of their own seeds held side by side (`hunt --time --jobs`): each seed,
   * from `seed` up; `runs` is then all their cases. Absent for one search.
   */
  readonly seeds?: readonly number[];
}

export interface HuntFound extends HuntCommon {
  readonly found: true;
  /** fast-check's path to the first failing case (with `seed`, it replays the search's find). */
  readonly path: string;
  /** Successful shrink steps, and runs spent shrinking. */
  readonly shrinks: number;
  readonly shrinkRuns: number;
  /** The smallest failing case, as data and as the scenario it runs. */
  readonly huntCase: HuntCase;
  readonly scenario: Scenario;
  /** The property it breaks and how. */
  readonly property: HuntProperty;
  readonly violation: string;
  /** The run of the smallest case, with its trace, for the explanation. */
  readonly run: JudgedRun;
}

export type HuntResult = HuntPassed | HuntFound;

export async function hunt(options: HuntOptions): Promise<HuntResult> {
  const properties = options.properties ?? [noDoubleCharge];
  const seed = options.seed ?? 1;
  const space = { ...(await huntSpace(options.strategy, options.base, options.monitor)), ...options.space };
  const tryCase = caseRunner(options, properties);
  const common = { strategy: options.strategy.name, seed, space, properties };

  const firstCase = options.firstCase ?? 0;
  const search = await checkCases(space, tryCase, 'search', options.onRun, Number.POSITIVE_INFINITY, {
    seed,
    numRuns: options.runs ?? DEFAULT_HUNT_RUNS,
    endOnFailure: true,
    ...(firstCase === 0 ? {} : { path: String(firstCase) }),
    // fast-check's parameter, not its plugin of the same name: the plugin races every run against
    // one promise that stays pending until the time is up, and each race leaves a reaction on it
    // (about 330 B a case), so `hunt --time 1h` grew by hundreds of MB. The parameter makes a
    // timer per run and clears it, so a long hunt's memory stays flat (hunt-time-limit.test.ts).
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs }),
  });
  if (!search.details.failed || search.details.counterexamplePath === null) {
    return { ...common, found: false, runs: search.details.numRuns, interrupted: search.details.interrupted };
  }
  const path = search.details.counterexamplePath;
  const shrink = await checkCases(
    space,
    tryCase,
    'shrink',
    options.onRun,
    options.shrinkRuns ?? DEFAULT_SHRINK_RUNS,
    { seed, path },
  );
  const smallest = (shrink.details.counterexample ?? search.details.counterexample)?.[0];
  if (smallest === undefined) throw new Error(`hunt: fast-check lost the counterexample at path ${path}`);
  return describeFound(options, common, {
    runs: firstCase + search.details.numRuns,
    path,
    shrinks: shrink.details.numShrinks,
    shrinkRuns: shrink.runs,
    huntCase: smallest,
  });
}

/** Where a search found its smallest case: the numbers a report prints, and the case. */
export interface HuntFind {
  /** Cases up to and including the find, from the stream's start. */
  readonly runs: number;
  readonly path: string;
  readonly shrinks: number;
  readonly shrinkRuns: number;
  readonly huntCase: HuntCase;
}

/** Runs the smallest case again with its trace and describes it (also how merged hunt shards report). */
export async function describeFound(
  options: Pick<HuntOptions, 'base' | 'strategy' | 'monitor'>,
  common: Omit<HuntCommon, 'runs'>,
  find: HuntFind,
): Promise<HuntFound> {
  const smallest = find.huntCase;
  const applied = applyHuntCase(options.base, options.strategy.name, smallest);
  const run = await runScenario(applied, options.strategy, true, options.monitor);
  const broken = firstViolation(common.properties, run);
  if (broken === undefined)
    throw new Error(
      `hunt: the smallest case no longer fails when run again (seed ${applied.seed}): the run is not deterministic`,
    );
  const origin = `idemsim hunt (fast-check seed ${common.seed}, run ${find.runs}, shrunk ${find.shrinks} times)`;
  const described = describeCase(applied, smallest, {
    strategy: options.strategy.name,
    claim: broken.property.claim,
    violation: broken.violation,
    origin,
  });
  const scenario = { ...applied, ...described };
  return {
    ...common,
    found: true,
    ...find,
    scenario,
    property: broken.property,
    violation: broken.violation,
    run: {
      outcome: { ...run.outcome, scenario: scenario.name },
      summary: { ...run.summary, scenario: scenario.name },
    },
  };
}

/**
 * One fast-check pass, counting runs as they happen. Past `runsMax` runs every further case is
 * declared to hold without running, so fast-check ends with the smallest failure found so far.
 * A strategy that breaks the simulation's rules (BrokenStrategyError) ends the pass at once and
 * is thrown from here: it is bad input, not a counterexample to shrink.
 */
async function checkCases(
  space: HuntSpace,
  tryCase: (huntCase: HuntCase) => Promise<boolean>,
  phase: HuntProgress['phase'],
  onRun: HuntOptions['onRun'],
  runsMax: number,
  parameters: fc.Parameters<[HuntCase]>,
): Promise<{ readonly details: fc.RunDetails<[HuntCase]>; readonly runs: number }> {
  let runs = 0;
  let failures = 0;
  let broken: BrokenStrategyError | undefined;
  const coverage = new HuntCoverage();
  const property = fc.asyncProperty(huntCaseArbitrary(space), async (huntCase) => {
    if (broken !== undefined || runs >= runsMax) return phase === 'shrink';
    let holds: boolean;
    try {
      holds = await tryCase(huntCase);
    } catch (error) {
      if (!(error instanceof BrokenStrategyError)) throw error;
      broken = error;
      return phase === 'shrink';
    }
    runs++;
    if (!holds) failures++;
    coverage.add(huntCase);
    onRun?.({ phase, runs, failures, coverage });
    return holds;
  });
  const details = await fc.check(property, parameters);
  if (broken !== undefined) throw broken;
  return { details, runs };
}

function caseRunner(options: HuntOptions, properties: readonly HuntProperty[]) {
  return async (huntCase: HuntCase): Promise<boolean> =>
    firstViolation(properties, await runCase(options.strategy, huntCase, options.base, options.monitor)) ===
    undefined;
}

export function firstViolation(
  properties: readonly HuntProperty[],
  run: JudgedRun,
): { readonly property: HuntProperty; readonly violation: string } | undefined {
  for (const property of properties) {
    const violation = property.violation(run);
    if (violation !== undefined) return { property, violation };
  }
  return undefined;
}
