/**
 * The one composition root: (scenario, strategy, seed) -> what happened.
 *
 * It builds the world (a client node, an optional gateway, a load balancer, the service
 * instances, the payment provider), starts the workload, applies the fault plan, runs to the horizon, and hands back the records. It judges
 * nothing: checkers and metrics read the records afterwards.
 */
import { History, type HistoryRecords } from '../components/history.js';
import { startWorkload } from '../components/client-workload.js';
import { PaymentProvider, type LedgerEntry } from '../components/payment-provider.js';
import { startReverseProxy } from '../components/reverse-proxy.js';
import { startServiceInstance } from '../components/service-instance.js';
import { Simulation } from '../engine/simulation.js';
import type { TraceEntry } from '../engine/trace.js';
import type { Scenario } from '../scenario/scenario.js';
import { NODES, serviceNodes } from '../scenario/topology.js';
import type { Strategy } from '../strategies/strategy.js';
import { Nemesis } from '../world/nemesis.js';
import { World } from '../world/world.js';


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
  readonly trace: readonly TraceEntry[];
  /** Virtual time when the run stopped, ms. */
  readonly endMs: number;
  /** Events the engine processed. */
  readonly steps: number;
}

export async function runExperiment(input: ExperimentInput): Promise<Outcome> {
  const { scenario, strategy, seed } = input;
  const sim = new Simulation({ seed, trace: input.trace ?? true });
  const world = new World(sim, { defaultLink: scenario.network });
  const history = new History();

  const provider = new PaymentProvider(world, world.addNode(NODES.provider), scenario.provider, sim.rng.fork('psp'));
  const entryNode = buildServiceTier(world, scenario, strategy);
  const clientNode = world.addNode(NODES.client);
  startWorkload(world, clientNode, entryNode, history, scenario.workload, scenario.client, sim.rng.fork('workload'));
  new Nemesis(world).schedule(scenario.faults);

  const { steps } = await sim.run({ untilMs: scenario.horizonMs });
  return {
    scenario: scenario.name,
    strategy: strategy.name,
    seed,
    history: { intents: history.intents, attempts: [...history.attempts] },
    ledger: [...provider.ledger],
    trace: sim.trace.all,
    endMs: sim.now,
    steps,
  };
}

/** Service instances behind a load balancer, and the gateway if any; returns the clients' entry node. */
function buildServiceTier(world: World, scenario: Scenario, strategy: Strategy): string {
  const { service } = scenario;
  const instances = serviceNodes(service.instances);
  for (const name of instances) {
    startServiceInstance(world, world.addNode(name), (request, port) => strategy.handle(request, port), {
      providerNode: NODES.provider,
      providerTimeoutMs: service.providerTimeoutMs,
    });
  }
  startReverseProxy(world, world.addNode(NODES.loadBalancer), {
    upstreams: instances,
    upstreamTimeoutMs: service.upstreamTimeoutMs,
    attemptsMax: 1,
    retryOn: [],
  });
  if (scenario.gateway === null) return NODES.loadBalancer;
  startReverseProxy(world, world.addNode(NODES.gateway), { ...scenario.gateway, upstreams: [NODES.loadBalancer] });
  return NODES.gateway;
}
