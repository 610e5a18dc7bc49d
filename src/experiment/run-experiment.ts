/**
 * The one composition root: (scenario, strategy, seed) -> what happened.
 *
 * It reads the strategy's settings from the scenario against the strategy's own defaults (a
 * StrategyConfigError names every wrong one), builds the world (a client node, an optional
 * gateway, a load balancer, the service instances, the stores, the payment provider), runs the
 * strategy's setup, warms up (waits until
 * every Kafka consumer group has formed, as a service's consumers have long before a payment
 * arrives), then starts the workload and the fault plan together (fault times count from there),
 * runs to the horizon, and hands back the records. It judges nothing: checkers and metrics read
 * the records afterwards.
 * Whatever the run's end, the world's reusable parts go back for the next run (build-world.ts).
 */
import { startWorkload } from '../components/client-workload.js';
import { History, type HistoryRecords } from '../components/history.js';
import type { LedgerEntry } from '../components/payment-provider.js';
import type { Proc } from '../engine/effects.js';
import { Simulation } from '../engine/simulation.js';
import type { TraceEvent } from '../engine/trace.js';
import type { ExposureRecords } from '../world/exposure.js';
import type { Scenario } from '../scenario/scenario.js';
import { NODES } from '../scenario/topology.js';
import { strategyConfigFrom } from '../scenario/strategy-settings.js';
import { StrategyConfigError } from '../strategies/configure.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { buildWorld, type BuiltWorld } from './build-world.js';

export interface ExperimentInput {
  readonly scenario: Scenario;
  readonly strategy: Strategy;
  readonly seed: number;
  /** Record the trace (default true). */
  readonly trace?: boolean;
}

export interface Outcome {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  readonly history: HistoryRecords;
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
}

export async function runExperiment(input: ExperimentInput): Promise<Outcome> {
  const { scenario, strategy, seed } = input;
  const sim = new Simulation({ seed, trace: input.trace ?? true });
  const config = configuredFor(strategy, scenario);
  const built = buildWorld(sim, scenario, strategy, config);
  try {
    return await runBuilt(input, sim, built, config);
  } finally {
    // Whatever happened, nothing runs in this world any more: what it can lend to the next run goes back.
    built.release();
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
  const history = new History();

  const setupSteps = await runSetup(sim, strategy, { ...setupPort, config });
  const warmupSteps = await runWarmup(sim, built);
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
  const { steps } = await sim.run({ untilMs: startMs + scenario.horizonMs });
  return {
    scenario: scenario.name,
    strategy: strategy.name,
    seed,
    history: { intents: history.intents, attempts: [...history.attempts] },
    ledger: [...provider.ledger],
    trace: sim.trace.all,
    exposure: world.exposure.records(),
    startMs,
    endMs: sim.now,
    steps: setupSteps + warmupSteps + steps,
  };
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
  const deadlineMs = sim.now + WARMUP_LIMIT_MS;
  let steps = 0;
  while (!built.warm()) {
    // One event at a time, never past the deadline (run() stops short of it and moves the clock there).
    const { steps: stepped } = await sim.run({ untilMs: deadlineMs, maxSteps: 1 });
    if (stepped === 0) {
      sim.trace.record(sim.now, 'warmup.unsettled', {
        groups: built.coldGroups().join(' '),
        limitMs: WARMUP_LIMIT_MS,
      });
      break;
    }
    steps++;
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
  while (!setup.done.settled) {
    const step = sim.step();
    if (step === undefined)
      throw new Error(`${strategy.name}: setup never finished (is a store down at start?)`);
    steps++;
    if (step.awaiting !== undefined) await step.awaiting;
  }
  return steps;
}
