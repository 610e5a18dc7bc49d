/**
 * `idemsim conform`'s work as a plain function: runs each strategy through each scenario over its
 * seeds with schedule recording on, replays every recorded schedule on the real server of its
 * store, and hands back what each replay found. Rendering is conformance-text.ts's and
 * conformance-json.ts's job; starting servers is the command's.
 */
import type { ExperimentInput, Outcome } from '../experiment/run-experiment.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { seedsFrom } from '../experiment/scenario-seeds.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import type { ConformStore, ScheduleConformance } from './conformance-report.js';
import { sendsCommands } from './redis-replayer.js';
import type { ReplayServer, StoreReplayer } from './store-replayer.js';

/** A store to check: its replayer and the real server to replay on. */
export interface StoreUnderCheck {
  readonly replayer: StoreReplayer;
  readonly server: ReplayServer;
}

export interface ConformanceInput {
  readonly scenarios: readonly Scenario[];
  readonly strategies: readonly Strategy[];
  /** Seeds per scenario (default: each scenario's own `seeds`). */
  readonly seedCount?: number;
  readonly stores: readonly StoreUnderCheck[];
  /**
   * Runs one simulation (default: runExperiment, in this thread). The command passes a worker's
   * for a user's strategy, so that a synchronous endless loop in it is stopped by the watchdog.
   */
  readonly runExperiment?: (input: ExperimentInput) => Promise<Outcome>;
  /** Told after each run and its replays (default: nobody). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One scenario × strategy × store: its schedules' results over the seeds, in seed order. */
export interface ConformanceRow {
  readonly scenario: string;
  readonly strategy: string;
  readonly store: ConformStore;
  readonly schedules: readonly ScheduleConformance[];
}

export interface Conformance {
  readonly rows: readonly ConformanceRow[];
}

export async function runConformance(input: ConformanceInput): Promise<Conformance> {
  const total = input.scenarios.reduce(
    (sum, scenario) => sum + (input.seedCount ?? scenario.seeds) * input.strategies.length,
    0,
  );
  let done = 0;
  const rows: ConformanceRow[] = [];
  for (const scenario of input.scenarios) {
    for (const strategy of input.strategies) {
      const byStore = input.stores.map((): ScheduleConformance[] => []);
      for (const seed of seedsFrom(scenario.seed, input.seedCount ?? scenario.seeds)) {
        const outcome = await (input.runExperiment ?? runExperiment)({
          scenario,
          strategy,
          seed,
          trace: false,
          recordStoreSchedules: true,
        });
        for (const [index, store] of input.stores.entries()) {
          const results = byStore[index] as ScheduleConformance[];
          // After a divergence the pair's later seeds add nothing: the first one is what to fix.
          if (results.some((result) => result.divergence !== undefined)) continue;
          results.push(...(await replayAll(outcome, store, seed)));
        }
        input.onProgress?.(++done, total);
      }
      for (const [index, store] of input.stores.entries()) {
        const schedules = byStore[index] as ScheduleConformance[];
        // A strategy that never talks to a store (db-atomic and Redis) has nothing to show for it.
        if (schedules.length === 0) continue;
        rows.push({
          scenario: scenario.name,
          strategy: strategy.name,
          store: store.replayer.store,
          schedules,
        });
      }
    }
  }
  return { rows };
}

async function replayAll(
  outcome: Outcome,
  store: StoreUnderCheck,
  seed: number,
): Promise<ScheduleConformance[]> {
  const origin = { scenario: outcome.scenario, strategy: outcome.strategy, seed };
  const results: ScheduleConformance[] = [];
  for (const schedule of store.replayer.schedulesOf(outcome)) {
    const result = await store.replayer.replay(schedule, store.server, origin);
    results.push(result);
    if (result.divergence !== undefined) break;
  }
  return results;
}

/**
 * The stores a strategy's own code talks to: PostgreSQL when its schedule holds statements other
 * than the service's payment records (which every strategy writes), Redis when it sent a command.
 */
export async function storesUsed(strategy: Strategy, scenario: Scenario): Promise<ConformStore[]> {
  const outcome = await runExperiment({
    scenario,
    strategy,
    seed: scenario.seed,
    trace: false,
    recordStoreSchedules: true,
  });
  const schedules = outcome.storeSchedules;
  const postgres = (schedules?.postgres ?? []).some((schedule) =>
    schedule.steps.some((step) => step.kind === 'statement' && !/^\s*INSERT INTO payments\b/i.test(step.sql)),
  );
  const redis = (schedules?.redis ?? []).some(sendsCommands);
  return [...(postgres ? (['postgres'] as const) : []), ...(redis ? (['redis'] as const) : [])];
}

/** Totals over rows: steps compared and agreed, schedules, and exclusions per rule. */
export interface ConformanceTotals {
  readonly schedules: number;
  readonly compared: number;
  readonly agreed: number;
  readonly excluded: Readonly<Record<string, number>>;
  /** Waits compared and agreed, per lock kind. */
  readonly waits: Readonly<Record<string, number>>;
}

export function totalsOf(schedules: readonly ScheduleConformance[]): ConformanceTotals {
  const excluded: Record<string, number> = {};
  const waits: Record<string, number> = {};
  let compared = 0;
  let agreed = 0;
  for (const schedule of schedules) {
    compared += schedule.compared;
    agreed += schedule.agreed;
    for (const [rule, count] of Object.entries(schedule.excluded))
      excluded[rule] = (excluded[rule] ?? 0) + count;
    for (const [lock, count] of Object.entries(schedule.waits ?? {}))
      waits[lock] = (waits[lock] ?? 0) + count;
  }
  return { schedules: schedules.length, compared, agreed, excluded, waits };
}

/** The first divergence in row order, with the schedule it came from. */
export function firstDivergence(conformance: Conformance): ScheduleConformance | undefined {
  for (const row of conformance.rows) {
    const found = row.schedules.find((schedule) => schedule.divergence !== undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}
