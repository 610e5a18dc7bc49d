/**
 * The inverse of the scenario file reader: a Scenario back to the file a person would write.
 *
 * Hunt prints its counterexample this way and play exports the knobs a facilitator turned, so
 * the output must load back to the very same scenario (a round-trip test holds it to that) and
 * must read like the bundled files: only what differs from the defaults, in human units.
 */
import { Document, isMap, isSeq, visit, type Node } from 'yaml';
import type { LatencySpec } from '../world/latency.js';
import type { TimedFault } from '../world/nemesis.js';
import { defaultScenario } from './default-scenario.js';
import type { Scenario } from './scenario.js';
import { parseDurationMs } from './units.js';

type FileValue = string | number | boolean | null | FileValue[] | { [field: string]: FileValue };
type FileMap = { [field: string]: FileValue };

/** The scenario as a YAML document, fields in the order the bundled files use. */
export function scenarioToYaml(scenario: Scenario): string {
  const document = new Document(scenarioToFile(scenario));
  flowStyleBelowSections(document);
  return document.toString({ lineWidth: 100 });
}

/** The scenario as the plain object a scenario file parses to (before the schema's conversions). */
export function scenarioToFile(scenario: Scenario): FileMap {
  const base = defaultScenario;
  const file = withoutEmpty({
    name: scenario.name,
    title: scenario.title,
    story: scenario.story,
    seed: changed(scenario.seed, base.seed),
    seeds: changed(scenario.seeds, base.seeds),
    horizon: changedDuration(scenario.horizonMs, base.horizonMs),
    workload: workloadSection(scenario),
    client: clientSection(scenario),
    network: withoutEmpty({
      latency: changedLatency(scenario.network.latency, base.network.latency),
      lossProbability: changed(scenario.network.lossProbability, base.network.lossProbability),
    }),
    provider: providerSection(scenario),
    service: withoutEmpty({
      instances: changed(scenario.service.instances, base.service.instances),
      providerTimeout: changedDuration(scenario.service.providerTimeoutMs, base.service.providerTimeoutMs),
      upstreamTimeout: changedDuration(scenario.service.upstreamTimeoutMs, base.service.upstreamTimeoutMs),
      recordPayments: changed(scenario.service.recordPayments, base.service.recordPayments),
    }),
    gateway: gatewaySection(scenario),
    postgres: postgresSection(scenario),
    redis: redisSection(scenario),
    kafka: kafkaSection(scenario),
    strategies: strategiesSection(scenario),
    faults: scenario.faults.length === 0 ? undefined : scenario.faults.map(faultToFile),
    expect: Object.keys(scenario.expect).length === 0 ? undefined : (scenario.expect as FileMap),
  });
  return file ?? {};
}

function workloadSection({ workload }: Scenario): FileMap | undefined {
  const base = defaultScenario.workload;
  return withoutEmpty({
    payments: changed(workload.payments, base.payments),
    arrivalRate:
      workload.arrivalRatePerSec === base.arrivalRatePerSec ? undefined : `${workload.arrivalRatePerSec}/s`,
    amount: changed(workload.amount, base.amount),
    currency: changed(workload.currency, base.currency),
  });
}

function clientSection({ client }: Scenario): FileMap | undefined {
  const base = defaultScenario.client;
  return withoutEmpty({
    timeout: changedDuration(client.timeoutMs, base.timeoutMs),
    retry: withoutEmpty({
      attempts: changed(client.retry.attemptsMax, base.retry.attemptsMax),
      backoff: changedDuration(client.retry.backoffBaseMs, base.retry.backoffBaseMs),
      backoffMax: changedDuration(client.retry.backoffMaxMs, base.retry.backoffMaxMs),
      jitter: changed(client.retry.jitter, base.retry.jitter),
    }),
    keyPolicy: changed(client.keyPolicy, base.keyPolicy),
    doubleSubmitProbability: changed(client.doubleSubmitProbability, base.doubleSubmitProbability),
    doubleSubmitGap: changedDuration(client.doubleSubmitGapMs, base.doubleSubmitGapMs),
    payloadMutationProbability: changed(client.payloadMutationProbability, base.payloadMutationProbability),
  });
}

function providerSection({ provider }: Scenario): FileMap | undefined {
  const base = defaultScenario.provider;
  return withoutEmpty({
    latency: changedLatency(provider.latency, base.latency),
    idempotencyKeys: changed(provider.idempotency.enabled, base.idempotency.enabled),
    keyRetention: changedDuration(provider.idempotency.retentionMs, base.idempotency.retentionMs),
  });
}

function gatewaySection({ gateway }: Scenario): FileMap | undefined {
  if (gateway === null) return undefined;
  return {
    timeout: duration(gateway.upstreamTimeoutMs),
    attempts: gateway.attemptsMax,
    retryOn: [...gateway.retryOn],
  };
}

function postgresSection({ postgres }: Scenario): FileMap | undefined {
  return withoutEmpty({
    timeout: changedDuration(postgres.timeoutMs, defaultScenario.postgres.timeoutMs),
    idleInTransactionTimeout: optionalDuration(postgres.idleInTransactionTimeoutMs),
    clientCrashDetect: optionalDuration(postgres.clientCrashDetectMs),
  });
}

function redisSection({ redis }: Scenario): FileMap | undefined {
  return withoutEmpty({
    timeout: changedDuration(redis.timeoutMs, defaultScenario.redis.timeoutMs),
    persistence: redis.persistence,
    snapshotInterval: optionalDuration(redis.snapshotIntervalMs),
    replicationLag: optionalDuration(redis.replicationLagMs),
    maxMemory: redis.maxMemoryBytes,
    maxMemoryPolicy: redis.maxMemoryPolicy,
  });
}

function kafkaSection({ kafka }: Scenario): FileMap | undefined {
  const base = defaultScenario.kafka;
  const { consumer, producer } = kafka;
  return withoutEmpty({
    partitions: changed(kafka.partitions, base.partitions),
    consumers: changed(kafka.consumers, base.consumers),
    commitMode: changed(consumer.commitMode, base.consumer.commitMode),
    autoCommitInterval: optionalDuration(consumer.autoCommitIntervalMs),
    sessionTimeout: optionalDuration(consumer.sessionTimeoutMs),
    heartbeatInterval: optionalDuration(consumer.heartbeatIntervalMs),
    maxPollInterval: optionalDuration(consumer.maxPollIntervalMs),
    isolation: consumer.isolationLevel,
    producerIdempotence: producer.idempotence,
    producerRequestTimeout: optionalDuration(producer.requestTimeoutMs),
    producerRetryBackoff: optionalDuration(producer.retryBackoffMs),
  });
}

/** Strategy settings are kept with internal names (`lockTtlMs`); files say `lockTtl: 5s`. */
function strategiesSection({ strategyConfig }: Scenario): FileMap | undefined {
  const sections = Object.entries(strategyConfig).map(([name, settings]) => {
    const fields = Object.entries(settings).map(([field, value]) =>
      field.endsWith('Ms') && typeof value === 'number'
        ? [field.slice(0, -2), duration(value)]
        : [field, value as FileValue],
    );
    return [name, Object.fromEntries(fields) as FileMap] as const;
  });
  return sections.length === 0 ? undefined : Object.fromEntries(sections);
}

/** Internal duration names back to the file's (`restartAfterMs` -> `restartAfter: 2s`). */
function faultToFile({ atMs, fault }: TimedFault): FileMap {
  const fields = Object.entries(fault).map(([field, value]): [string, FileValue] => {
    if (field.endsWith('Ms') && typeof value === 'number') return [field.slice(0, -2), duration(value)];
    if (field === 'latency') return [field, latencyToFile(value as LatencySpec)];
    return [field, value as FileValue];
  });
  const { kind, ...rest } = Object.fromEntries(fields);
  return { at: duration(atMs), kind: kind as FileValue, ...rest };
}

export function latencyToFile(spec: LatencySpec): FileValue {
  switch (spec.kind) {
    case 'constant':
      return duration(spec.ms);
    case 'uniform':
      return { kind: 'uniform', min: duration(spec.minMs), max: duration(spec.maxMs) };
    case 'exponential':
      return withoutEmpty({
        kind: 'exponential',
        mean: duration(spec.meanMs),
        min: optionalDuration(spec.minMs),
        cap: optionalDuration(spec.capMs),
      }) as FileMap;
    case 'lognormal':
      return withoutEmpty({
        kind: 'lognormal',
        median: duration(spec.medianMs),
        sigma: spec.sigma,
        cap: optionalDuration(spec.capMs),
      }) as FileMap;
    case 'pareto':
      return withoutEmpty({
        kind: 'pareto',
        min: duration(spec.minMs),
        alpha: spec.alpha,
        cap: optionalDuration(spec.capMs),
      }) as FileMap;
  }
}

/** The shortest human form that reads back to exactly `ms` ("1.5s"); plain ms when none does. */
export function duration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const text = `${ms / size}${unit}`;
    if (ms >= size && parseDurationMs(text) === ms && !text.includes('e')) return text;
  }
  return `${ms}ms`;
}

function changed<T>(value: T, base: T): T | undefined {
  return value === base ? undefined : value;
}

function changedDuration(ms: number, baseMs: number): string | undefined {
  return ms === baseMs ? undefined : duration(ms);
}

function optionalDuration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : duration(ms);
}

function changedLatency(spec: LatencySpec, base: LatencySpec): FileValue | undefined {
  return JSON.stringify(spec) === JSON.stringify(base) ? undefined : latencyToFile(spec);
}

/** Drops unset fields; an object left with none is itself unset. */
function withoutEmpty(fields: Record<string, FileValue | undefined>): FileMap | undefined {
  const kept = Object.entries(fields).filter((entry): entry is [string, FileValue] => entry[1] !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** Sections stay blocks; anything nested in them (retry, latency, each fault) is one flow line. */
function flowStyleBelowSections(document: Document): void {
  visit(document, {
    Map(_key, node, path) {
      if (collectionDepth(path) >= 2) (node as Node & { flow?: boolean }).flow = true;
    },
    Seq(_key, node, path) {
      if (collectionDepth(path) >= 2) (node as Node & { flow?: boolean }).flow = true;
    },
  });
}

function collectionDepth(path: readonly unknown[]): number {
  return path.filter((step) => isMap(step) || isSeq(step)).length;
}
