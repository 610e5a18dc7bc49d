/**
 * The bounds of a hunt: which knobs it may turn and how far, derived from a base scenario and the
 * strategy under test. Everything a case can hold is something a scenario file can say, so every
 * counterexample can be saved and run again.
 *
 * What the hunt does not vary, on purpose: the client's key policy and payload (a client that
 * breaks the Idempotency-Key contract defeats every design; set it in the base scenario to hunt
 * with one), whether the provider honours keys (the same: a property of the base world), and
 * network-wide loss (faults on one link tell a clearer story).
 */
import type { Scenario } from '../scenario/scenario.js';

export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface HuntSpace {
  /** Most payment intents in one case (default: the base's, at most 5). */
  readonly paymentsMax: number;
  /** Most faults in one case (default 3). */
  readonly faultsMax: number;
  /** Faults start in [0, faultWindowMs] after traffic starts, ms (default 5000). */
  readonly faultWindowMs: number;
  /** Longest pause, partition, downtime or restart delay, ms (default 10 000). */
  readonly faultDurationMaxMs: number;
  /** Service instances a case may run (default 1..2, or the base's if more). */
  readonly instances: Range;
  /** Kafka consumers in the world, 0 when the strategy does not consume (then none are faulted). */
  readonly consumers: number;
  /** Nodes a service instance calls (from a probe run): the peers its faults can cut. */
  readonly servicePeers: readonly string[];
  /** Nodes a consumer calls. */
  readonly consumerPeers: readonly string[];
  /** Redis faults make sense only when the strategy uses Redis; failover only with a replica. */
  readonly redisRestart: boolean;
  readonly redisFailover: boolean;
  /** Whether cases may double-submit (the base does not already). */
  readonly doubleSubmit: boolean;
  readonly clientTimeoutMs: Range;
  readonly clientAttempts: Range;
  readonly clientBackoffMs: Range;
  readonly providerMedianMs: Range;
  readonly providerSigma: Range;
  /** The strategy's duration settings by internal name (`lockTtlMs`) with their ranges. */
  readonly settings: Readonly<Record<string, Range>>;
}

export interface SpaceHints {
  /** Nodes the strategy's workers were seen calling, by tier (see touched-nodes.ts). */
  readonly servicePeers: readonly string[];
  readonly consumerPeers: readonly string[];
  /** Whether the strategy consumes from Kafka. */
  readonly consumes: boolean;
  /** The strategy's settings that a scenario file can set, with their defaults (`{ lockTtlMs: 10000 }`). */
  readonly durationSettings: Readonly<Record<string, number>>;
}

/** Bounds around the base scenario: wide enough to break weak designs, small enough to read. */
export function huntSpaceFor(base: Scenario, hints: SpaceHints): HuntSpace {
  const windowMs = Math.min(5000, base.horizonMs);
  return {
    paymentsMax: Math.min(5, base.workload.payments),
    faultsMax: 3,
    faultWindowMs: windowMs,
    faultDurationMaxMs: 10_000,
    instances: { min: 1, max: Math.max(2, base.service.instances) },
    consumers: hints.consumes ? base.kafka.consumers : 0,
    servicePeers: hints.servicePeers,
    consumerPeers: hints.consumes ? hints.consumerPeers : [],
    redisRestart: hints.servicePeers.includes('redis') || hints.consumerPeers.includes('redis'),
    redisFailover: base.redis.replicationLagMs !== undefined && hints.servicePeers.includes('redis'),
    doubleSubmit: base.client.doubleSubmitProbability < 1,
    clientTimeoutMs: { min: 100, max: 5000 },
    clientAttempts: { min: 1, max: 6 },
    clientBackoffMs: { min: 0, max: 2000 },
    providerMedianMs: { min: 10, max: 3000 },
    providerSigma: { min: 0, max: 1.5 },
    settings: Object.fromEntries(
      Object.entries(hints.durationSettings)
        .filter(([, defaultMs]) => defaultMs <= base.horizonMs)
        .map(([name, defaultMs]) => [
          name,
          { min: Math.max(1, Math.round(defaultMs / 20)), max: Math.min(base.horizonMs, defaultMs * 2) },
        ]),
    ),
  };
}
