/**
 * A hunt case laid over its base scenario: the Scenario one run of the search executes, and the
 * file a counterexample is printed as.
 */
import type { Scenario } from '../scenario/scenario.js';
import { settingsAsWritten, withStrategySettings } from '../scenario/strategy-settings.js';
import { consumerNodes, NODES, serviceNodes } from '../scenario/topology.js';
import type { TimedFault } from '../world/nemesis.js';
import type { HuntCase, HuntFault, WorkerRef } from './hunt-case.js';

export function applyHuntCase(base: Scenario, strategyName: string, huntCase: HuntCase): Scenario {
  const instances = huntCase.instances ?? base.service.instances;
  const { client } = huntCase;
  return {
    ...base,
    seed: huntCase.seed,
    seeds: 1,
    workload: { ...base.workload, payments: huntCase.payments },
    client: {
      ...base.client,
      ...(client.timeoutMs === undefined ? {} : { timeoutMs: client.timeoutMs }),
      retry: {
        ...base.client.retry,
        ...(client.attemptsMax === undefined ? {} : { attemptsMax: client.attemptsMax }),
        ...(client.backoffBaseMs === undefined ? {} : { backoffBaseMs: client.backoffBaseMs }),
      },
      ...(huntCase.doubleSubmit ? { doubleSubmitProbability: 1 } : {}),
    },
    provider:
      huntCase.providerLatency === undefined
        ? base.provider
        : { ...base.provider, latency: providerLatency(base, huntCase.providerLatency) },
    service: { ...base.service, instances },
    // Written as the counterexample's file writes them, in place of the base file's own.
    strategyConfig:
      Object.keys(huntCase.settings).length === 0
        ? base.strategyConfig
        : withStrategySettings(base, strategyName, settingsAsWritten(huntCase.settings)).strategyConfig,
    faults: [
      ...base.faults,
      ...huntCase.faults.map((fault) => timedFault(fault, instances, base.kafka.consumers)),
    ],
    expect: {},
  };
}

/** Sigma 0 is a constant; otherwise keeps the base's cap, so a heavy tail still ends where a scenario would. */
function providerLatency(
  base: Scenario,
  latency: NonNullable<HuntCase['providerLatency']>,
): Scenario['provider']['latency'] {
  if (latency.sigma === 0) return { kind: 'constant', ms: latency.medianMs };
  const capMs = 'capMs' in base.provider.latency ? base.provider.latency.capMs : undefined;
  return {
    kind: 'lognormal',
    medianMs: latency.medianMs,
    sigma: latency.sigma,
    ...(capMs === undefined ? {} : { capMs }),
  };
}

function nodeOf(worker: WorkerRef, instances: number, consumers: number): string {
  const names = worker.tier === 'service' ? serviceNodes(instances) : consumerNodes(consumers);
  return names[worker.index % names.length] as string;
}

function timedFault(fault: HuntFault, instances: number, consumers: number): TimedFault {
  const { atMs } = fault;
  switch (fault.kind) {
    case 'pause':
      return {
        atMs,
        fault: {
          kind: 'pause',
          node: nodeOf(fault.worker, instances, consumers),
          durationMs: fault.durationMs,
        },
      };
    case 'crash':
      return {
        atMs,
        fault: {
          kind: 'crash',
          node: nodeOf(fault.worker, instances, consumers),
          restartAfterMs: fault.restartAfterMs,
        },
      };
    case 'crash-at': {
      const node = nodeOf(fault.worker, instances, consumers);
      return {
        atMs,
        fault: {
          kind: 'crash-at',
          node,
          on: fault.on,
          peer: fault.peer,
          nth: fault.nth,
          restartAfterMs: fault.restartAfterMs,
        },
      };
    }
    case 'pause-at':
      return {
        atMs,
        fault: {
          kind: 'pause-at',
          node: nodeOf(fault.worker, instances, consumers),
          on: fault.on,
          peer: fault.peer,
          nth: fault.nth,
          durationMs: fault.durationMs,
        },
      };
    case 'partition':
      return {
        atMs,
        fault: partition(nodeOf(fault.worker, instances, consumers), fault.peer, fault.cut, fault.durationMs),
      };
    case 'redis-restart':
      return {
        atMs,
        fault: { kind: 'redis-restart', node: NODES.redis, crash: fault.crash, downtimeMs: fault.downtimeMs },
      };
    case 'redis-failover':
      return { atMs, fault: { kind: 'redis-failover', node: NODES.redis, downtimeMs: fault.downtimeMs } };
  }
}

/** A cut link: `replies` drops only what the peer sends back, the classic lost reply. */
function partition(
  node: string,
  peer: string,
  cut: 'both' | 'requests' | 'replies',
  durationMs: number,
): TimedFault['fault'] {
  if (cut === 'both') return { kind: 'partition', between: [node], and: [peer], durationMs };
  const [from, to] = cut === 'requests' ? [node, peer] : [peer, node];
  return { kind: 'partition', between: [from], and: [to], oneWay: true, durationMs };
}
