/**
 * The one composition root: (scenario, strategy, seed) -> what happened.
 *
 * It reads the strategy's settings from the scenario against the strategy's own defaults (a
 * StrategyConfigError names every wrong one), builds the world (a client node, an optional
 * gateway, a load balancer, the service instances, the stores, the payment provider), runs the
 * strategy's setup, warms up (waits until
 * every Kafka consumer group has formed, as a service's consumers have long before a payment
 * arrives), then starts the workload and the fault plan together (fault times count from there),
 * runs to the horizon (past it when the workload needs longer: run-to-the-end.ts), and hands
 * back the records. It judges nothing: checkers and metrics read
 * the records afterwards (a run that keeps only its tally lets it judge each intent as the intent
 * settles, from the same records as they are made: checks/run-tally.ts).
 * Whatever the run's end, the world's reusable parts go back for the next run (build-world.ts).
 */
import { RunTally } from '../checks/run-tally.js';
import { startWorkload } from '../components/client-workload.js';
import { History, type HistoryRecords } from '../components/history.js';
import type { LedgerEntry, PaymentProvider } from '../components/payment-provider.js';
import type { LedgerView } from '../components/ledger-columns.js';
import type { Proc } from '../engine/effects.js';
import { ProcessError } from '../engine/process.js';
import { Simulation, type RunOptions } from '../engine/simulation.js';
import { withFields } from '../engine/with-fields.js';
import type { TraceEvent, TraceSink } from '../engine/trace.js';
import type { ExposureRecords } from '../world/exposure.js';
import type { Scenario } from '../scenario/scenario.js';
import { NODES } from '../scenario/topology.js';
import { strategyConfigFrom } from '../scenario/strategy-settings.js';
import { StrategyConfigError } from '../strategies/configure.js';
import { strategies } from '../strategies/registry.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { buildWorld, type BuiltWorld } from './build-world.js';
import { runToTheEnd } from './run-to-the-end.js';
import { strategyContext } from './strategy-context.js';
import type { StoreSchedules } from './store-schedules.js';
import { TallyLatencies } from '../metrics/tally-durations.js';
import {
  RESUMES_PER_MS_MAX,
  StrategyWatch,
  type StrategyMonitor,
  type StrategyThrows,
} from './strategy-watch.js';

export interface ExperimentInput {
  readonly scenario: Scenario;
  readonly strategy: Strategy;
  readonly seed: number;
  /** Record the trace (default true). A long run turns it off or streams it (`traceSink`). */
  readonly trace?: boolean;
  /** Told when a user's strategy code starts and stops running (a watchdog on another thread). */
  readonly monitor?: StrategyMonitor;
  /** Hand each trace entry here instead of keeping it in the outcome (default: kept). */
  readonly traceSink?: TraceSink;
  /** Told how far the run is, every PROGRESS_STEPS events of the workload (default: nobody). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Record what each store server executed, for `idemsim conform` (default false). */
  readonly recordStoreSchedules?: boolean;
  /**
   * Keep only what judging needs (checks/run-tally.ts), not every attempt (default false): for a
   * plain `run` of many payments. The outcome's history is then empty and its `tally` judges.
   */
  readonly tallyOnly?: boolean;
  /**
   * Told as the run passes each of its phases (default: nobody): a benchmark reads its own clock
   * there to say where a run's time goes. It may not touch the run.
   */
  readonly onPhase?: (phase: ExperimentPhase) => void;
}

/**
 * The phases of a run, in order: the world is built, the strategy's setup has run, the consumer
 * groups have formed, the workload has run to its end, the world's reusable parts are handed back.
 */
export type ExperimentPhase = 'built' | 'set-up' | 'warm' | 'ran' | 'released';

/** How far a run is, for a progress line. */
export interface RunProgress {
  /** Virtual time since the workload started, ms. */
  readonly elapsedMs: number;
  /** The scenario's horizon, ms. */
  readonly horizonMs: number;
  /** Payment intents started so far. */
  readonly paymentsStarted: number;
  /** Payment intents the workload will start. */
  readonly payments: number;
}

/** Events between two progress reports: rare enough to cost nothing, often enough to move. */
const PROGRESS_STEPS = 50_000;

export interface Outcome {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  /** Every intent and attempt; empty when the run kept only its `tally`. */
  readonly history: HistoryRecords;
  /** What judging needs, kept instead of the history when asked (`tallyOnly`). */
  readonly tally?: RunTally<TallyLatencies>;
  readonly ledger: readonly LedgerEntry[];
  readonly trace: readonly TraceEvent[];
  /** Which faults touched which intents' work, and which intents arrived more than once (kept with the trace off). */
  readonly exposure: ExposureRecords;
  /** Virtual time when the workload and the fault plan started (after setup), ms. */
  readonly startMs: number;
  /** Virtual time when the run stopped, ms. */
  readonly endMs: number;
  /** Events the engine processed. */
  readonly steps: number;
  /** What a user's strategy's handle threw (each a 500), when it threw at all. */
  readonly strategyThrew?: StrategyThrows;
  /** One schedule per store server node, when the run was asked to record them. */
  readonly storeSchedules?: StoreSchedules;
}

export async function runExperiment(input: ExperimentInput): Promise<Outcome> {
  const { scenario, strategy, seed } = input;
  // A user's strategy runs contained (strategy-watch.ts); a built-in one is the simulator's own code.
  const contained = strategies.get(strategy.name) !== strategy;
  const sim = new Simulation({
    seed,
    trace: input.trace ?? true,
    ...(input.traceSink === undefined ? {} : { traceSink: input.traceSink }),
    ...(contained ? { resumesPerMsMax: RESUMES_PER_MS_MAX } : {}),
  });
  const config = configuredFor(strategy, scenario);
  const watch = contained ? new StrategyWatch(sim, strategy.name, input.monitor) : undefined;
  const running = watch?.contain(strategy) ?? strategy;
  const built = buildWorld(sim, scenario, running, config, {
    recordStoreSchedules: input.recordStoreSchedules ?? false,
  });
  input.onPhase?.('built');
  try {
    const outcome = await runBuilt({ ...input, strategy: running }, sim, built, config);
    const threw = watch?.throws();
    return threw === undefined ? outcome : { ...outcome, strategyThrew: threw };
  } catch (error) {
    throw watch === undefined ? error : watch.explain(error);
  } finally {
    // Whatever happened, nothing runs in this world any more: what it can lend to the next run goes back.
    built.release();
    input.onPhase?.('released');
  }
}

/** The strategy's defaults with the scenario's section over them, or every problem with it. */
function configuredFor(strategy: Strategy, scenario: Scenario): unknown {
  const configured = strategyConfigFrom(strategy, scenario.strategyConfig[strategy.name]);
  if (!configured.ok) throw new StrategyConfigError(strategy.name, configured.problems);
  return configured.config;
}

async function runBuilt(
  input: ExperimentInput,
  sim: Simulation,
  built: BuiltWorld,
  config: unknown,
): Promise<Outcome> {
  const { scenario, strategy, seed } = input;
  const { world, nemesis, provider, entryNode, setupPort } = built;
  const clientNode = world.addNode(NODES.client);
  const history = input.tallyOnly === true ? tallyWatching(provider) : new History();

  world.network.lossSuspended = true;
  const setupSteps = await runSetup(sim, strategy, strategyContext(setupPort, config));
  world.network.lossSuspended = false;
  input.onPhase?.('set-up');
  const warmupSteps = await runWarmup(sim, built);
  input.onPhase?.('warm');
  const startMs = sim.now;
  startWorkload({
    world,
    clientNode,
    entryNode,
    history,
    workload: scenario.workload,
    client: scenario.client,
    rng: sim.rng.fork('workload'),
  });
  nemesis.schedule(scenario.faults);
  const report = (): void =>
    input.onProgress?.({
      elapsedMs: sim.now - startMs,
      horizonMs: scenario.horizonMs,
      paymentsStarted: history.startedCount,
      payments: scenario.workload.payments,
    });
  const steps = await runToTheEnd(
    sim,
    history,
    scenario,
    startMs,
    () => provider.ledgerColumns.length,
    (untilMs, stopWhen) =>
      runWorkload(sim, { untilMs, ...(stopWhen === undefined ? {} : { stopWhen }) }, report),
  );
  input.onPhase?.('ran');
  const outcome = {
    scenario: scenario.name,
    strategy: strategy.name,
    seed,
    // The run is over and its world is not reused: the records are handed over, not copied.
    ...recordsOf(history),
  };
  withLedgerBuiltOnRead(outcome, provider.ledgerColumns);
  return Object.assign(outcome as typeof outcome & Pick<Outcome, 'ledger'>, {
    trace: sim.trace.all,
    exposure: world.exposure.records(),
    startMs,
    endMs: sim.now,
    steps: setupSteps + warmupSteps + steps,
    ...schedulesOf(built),
  });
}

/** Where an outcome's ledger getter finds the provider's columns (not enumerable: copies and JSON skip it). */
const LEDGER_COLUMNS = Symbol('ledger columns');

/**
 * Adds `ledger`, built when first read: a summary reads it after the stores are released, not
 * beside them. One getter shared by every outcome, not a getter written in the outcome's literal:
 * each literal's getter would be a closure of its own, which gives each outcome a map of its own,
 * and a young-generation GC keeps a map's getter (with its context, this run's whole world)
 * alive until the next full GC: a hunt's every run outlived it into the old generation.
 */
function withLedgerBuiltOnRead(outcome: object, columns: LedgerView): void {
  Object.defineProperty(outcome, LEDGER_COLUMNS, { value: columns });
  Object.defineProperty(outcome, 'ledger', { get: ledgerOnRead, enumerable: true, configurable: true });
}

function ledgerOnRead(this: { readonly [LEDGER_COLUMNS]: LedgerView }): readonly LedgerEntry[] {
  return this[LEDGER_COLUMNS].entries;
}

/** A tally that judges each intent as its money lands, so a settled payment leaves only counts behind. */
function tallyWatching(provider: PaymentProvider): RunTally<TallyLatencies> {
  const tally = new RunTally(new TallyLatencies());
  provider.watchLedger((entry, position) => tally.recordCharge(entry, position));
  return tally;
}

function recordsOf(history: History | RunTally<TallyLatencies>): Pick<Outcome, 'history' | 'tally'> {
  if (history instanceof RunTally) return { history: { intents: [], attempts: [] }, tally: history };
  return { history: { intents: history.intents, attempts: history.attempts } };
}

function schedulesOf(built: BuiltWorld): { storeSchedules?: StoreSchedules } {
  const storeSchedules = built.storeSchedules();
  return storeSchedules === undefined ? {} : { storeSchedules };
}

/** Runs as asked in slices of PROGRESS_STEPS events, reporting after each: the same events in the same order. */
async function runWorkload(
  sim: Simulation,
  options: Omit<RunOptions, 'maxSteps'>,
  report: () => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { steps } = await sim.run(withFields(options, { maxSteps: PROGRESS_STEPS }));
    total += steps;
    if (steps < PROGRESS_STEPS) return total;
    report();
  }
}

/**
 * Virtual time the warm-up may take, ms. A group whose settings make it flap (a heartbeat
 * interval longer than max.poll.interval, so members cannot learn of a rebalance before its
 * timeout removes them) never forms; the run then starts anyway, cold, and says so in its trace.
 */
const WARMUP_LIMIT_MS = 30_000;

/**
 * Steps the world until every consumer group has formed, so a run measures a service whose
 * consumers were already running, not a cold start. Without consumers it takes no step.
 */
async function runWarmup(sim: Simulation, built: BuiltWorld): Promise<number> {
  // Checked before every event, so it stops at the very event that forms the last group; with no
  // event left before the deadline, the clock moves there and the run starts cold.
  const { steps } = await sim.run({ untilMs: sim.now + WARMUP_LIMIT_MS, stopWhen: built.warm });
  if (!built.warm()) {
    sim.trace.record(sim.now, 'warmup.unsettled', {
      groups: built.coldGroups().join(' '),
      limitMs: WARMUP_LIMIT_MS,
    });
  }
  return steps;
}

/** Runs the strategy's setup (tables, topics) to completion before any traffic. */
async function runSetup<Config>(
  sim: Simulation,
  strategy: Strategy<Config>,
  ctx: StrategyContext<Config>,
): Promise<number> {
  if (strategy.setup === undefined) return 0;
  const setup = sim.spawn(strategy.setup(ctx) as Proc<void>, { name: `${strategy.name}/setup` });
  let steps = 0;
  try {
    while (!setup.done.settled) {
      const step = sim.step();
      if (step === undefined)
        throw new Error(`${strategy.name}: setup never finished (is a store down at start?)`);
      steps++;
      if (step.awaiting !== undefined) await step.awaiting;
    }
  } catch (error) {
    // The world the scenario sets up cannot deploy this strategy (a network slower than the store's
    // timeout, say): that is this input's problem, said in one line, not a crash.
    const reason: unknown = error instanceof ProcessError ? error.cause : error;
    const message = reason instanceof Error ? reason.message : String(reason);
    throw new StrategyConfigError(strategy.name, [
      `${strategy.name}'s setup could not finish in this scenario's world: ${message}`,
    ]);
  }
  return steps;
}
