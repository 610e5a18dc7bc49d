/**
 * The schema of a scenario file. Every field but `title` and `story` is optional and falls back
 * to `defaultScenario`; unknown fields are errors (a typo must not silently run the defaults).
 */
import { z } from 'zod';
import { defaultScenario } from './default-scenario.js';
import { faultSchema } from './fault-schema.js';
import { atMost, BOUNDS } from './scenario-bounds.js';
import { bytes, count, duration, latency, positiveDuration, probability, rate } from './schema-primitives.js';
import { HARMS, type Harm } from '../checks/harm-catalogue.js';
import type { KafkaSettings, RedisSettings, Scenario } from './scenario.js';

const workload = z.strictObject({
  payments: count(BOUNDS.payments, 'payments').optional(),
  arrivalRate: rate.optional(),
  amount: count(BOUNDS.amount, '(minor units)').optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO currency code like "EUR"')
    .optional(),
});

const retry = z.strictObject({
  attempts: count(BOUNDS.attempts, 'attempts').optional(),
  backoff: duration.optional(),
  backoffMax: duration.optional(),
  jitter: z.enum(['none', 'full', 'equal']).optional(),
});

const client = z.strictObject({
  timeout: positiveDuration.optional(),
  retry: retry.optional(),
  keyPolicy: z.enum(['stable', 'per-attempt', 'none']).optional(),
  doubleSubmitProbability: probability.optional(),
  doubleSubmitGap: duration.optional(),
  payloadMutationProbability: probability.optional(),
});

const provider = z.strictObject({
  latency: latency.optional(),
  idempotencyKeys: z.boolean().optional(),
  keyRetention: duration.optional(),
});

const service = z.strictObject({
  instances: count(BOUNDS.instances, 'instances').optional(),
  providerTimeout: positiveDuration.optional(),
  upstreamTimeout: positiveDuration.optional(),
  recordPayments: z.boolean().optional(),
});

const gateway = z.strictObject({
  timeout: positiveDuration,
  attempts: count(BOUNDS.attempts, 'attempts'),
  retryOn: z.array(z.enum(['5xx', 'timeout'])).default([]),
});

const postgres = z.strictObject({
  timeout: positiveDuration.optional(),
  idleInTransactionTimeout: positiveDuration.optional(),
  clientCrashDetect: positiveDuration.optional(),
});

const redis = z.strictObject({
  timeout: positiveDuration.optional(),
  persistence: z.enum(['none', 'rdb', 'aof-everysec']).optional(),
  snapshotInterval: positiveDuration.optional(),
  replicationLag: duration.optional(),
  maxMemory: bytes.optional(),
  maxMemoryPolicy: z.enum(['noeviction', 'allkeys-lru', 'volatile-lru']).optional(),
});

const kafka = z.strictObject({
  partitions: count(BOUNDS.partitions, 'partitions').optional(),
  consumers: count(BOUNDS.consumers, 'consumers').optional(),
  commitMode: z.enum(['after-processing', 'before-processing', 'auto', 'auto-in-poll']).optional(),
  autoCommitInterval: positiveDuration.optional(),
  sessionTimeout: positiveDuration.optional(),
  heartbeatInterval: positiveDuration.optional(),
  maxPollInterval: positiveDuration.optional(),
  isolation: z.enum(['read_uncommitted', 'read_committed']).optional(),
  producerIdempotence: z.boolean().optional(),
  producerRequestTimeout: positiveDuration.optional(),
  producerRetryBackoff: duration.optional(),
});

const EXPECTATION_ERROR = `expected "ok", "untouched" or a list of: ${HARMS.join(', ')}`;
const harm = z.enum(HARMS as [Harm, ...Harm[]], { error: EXPECTATION_ERROR });

export const scenarioFileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case name like "03-crash-after-charge"')
    .optional(),
  title: z.string({ error: 'expected a one-line title' }).min(1),
  story: z.string({ error: 'expected the plain-language story of the scenario' }).min(1),
  seed: z.number().int('expected an integer seed').optional(),
  seeds: count(BOUNDS.seeds, 'seeds').optional(),
  horizon: positiveDuration.pipe(z.number().max(BOUNDS.horizonMs, atMost(24, 'hours'))).optional(),
  workload: workload.optional(),
  client: client.optional(),
  network: z
    .strictObject({ latency: latency.optional(), lossProbability: probability.optional() })
    .optional(),
  provider: provider.optional(),
  service: service.optional(),
  gateway: gateway.nullable().optional(),
  postgres: postgres.optional(),
  redis: redis.optional(),
  kafka: kafka.optional(),
  strategies: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  faults: z.array(faultSchema).max(BOUNDS.faults, atMost(BOUNDS.faults, 'faults')).optional(),
  expect: z
    .record(
      z.string(),
      z.union([z.literal('ok'), z.literal('untouched'), z.array(harm).min(1)], {
        error: EXPECTATION_ERROR,
      }),
    )
    .optional(),
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;

/** The file's values over the defaults. */
export function scenarioFromFile(file: ScenarioFile, fallbackName: string): Scenario {
  const base = defaultScenario;
  const retryFile = file.client?.retry;
  return {
    name: file.name ?? fallbackName,
    title: file.title,
    story: file.story.trim(),
    seed: file.seed ?? base.seed,
    seeds: file.seeds ?? base.seeds,
    horizonMs: file.horizon ?? base.horizonMs,
    workload: {
      payments: file.workload?.payments ?? base.workload.payments,
      arrivalRatePerSec: file.workload?.arrivalRate ?? base.workload.arrivalRatePerSec,
      amount: file.workload?.amount ?? base.workload.amount,
      currency: file.workload?.currency ?? base.workload.currency,
    },
    client: {
      timeoutMs: file.client?.timeout ?? base.client.timeoutMs,
      retry: {
        attemptsMax: retryFile?.attempts ?? base.client.retry.attemptsMax,
        backoffBaseMs: retryFile?.backoff ?? base.client.retry.backoffBaseMs,
        backoffMaxMs: retryFile?.backoffMax ?? base.client.retry.backoffMaxMs,
        jitter: retryFile?.jitter ?? base.client.retry.jitter,
      },
      keyPolicy: file.client?.keyPolicy ?? base.client.keyPolicy,
      doubleSubmitProbability: file.client?.doubleSubmitProbability ?? base.client.doubleSubmitProbability,
      doubleSubmitGapMs: file.client?.doubleSubmitGap ?? base.client.doubleSubmitGapMs,
      payloadMutationProbability:
        file.client?.payloadMutationProbability ?? base.client.payloadMutationProbability,
    },
    network: {
      latency: file.network?.latency ?? base.network.latency,
      lossProbability: file.network?.lossProbability ?? base.network.lossProbability,
    },
    provider: {
      latency: file.provider?.latency ?? base.provider.latency,
      idempotency: {
        enabled: file.provider?.idempotencyKeys ?? base.provider.idempotency.enabled,
        retentionMs: file.provider?.keyRetention ?? base.provider.idempotency.retentionMs,
      },
    },
    service: {
      instances: file.service?.instances ?? base.service.instances,
      providerTimeoutMs: file.service?.providerTimeout ?? base.service.providerTimeoutMs,
      upstreamTimeoutMs: file.service?.upstreamTimeout ?? base.service.upstreamTimeoutMs,
      recordPayments: file.service?.recordPayments ?? base.service.recordPayments,
    },
    gateway:
      file.gateway === undefined || file.gateway === null
        ? base.gateway
        : {
            upstreamTimeoutMs: file.gateway.timeout,
            attemptsMax: file.gateway.attempts,
            retryOn: file.gateway.retryOn,
          },
    postgres: {
      ...base.postgres,
      ...definedOnly({
        timeoutMs: file.postgres?.timeout,
        idleInTransactionTimeoutMs: file.postgres?.idleInTransactionTimeout,
        clientCrashDetectMs: file.postgres?.clientCrashDetect,
      }),
    },
    redis: redisFromFile(file.redis, base.redis),
    kafka: kafkaFromFile(file.kafka, base.kafka),
    strategyConfig: file.strategies ?? base.strategyConfig,
    faults: file.faults ?? base.faults,
    expect: file.expect ?? base.expect,
  };
}

function redisFromFile(file: ScenarioFile['redis'], base: RedisSettings): RedisSettings {
  if (file === undefined) return base;
  const optional = {
    persistence: file.persistence ?? base.persistence,
    snapshotIntervalMs: file.snapshotInterval ?? base.snapshotIntervalMs,
    replicationLagMs: file.replicationLag ?? base.replicationLagMs,
    maxMemoryBytes: file.maxMemory ?? base.maxMemoryBytes,
    maxMemoryPolicy: file.maxMemoryPolicy ?? base.maxMemoryPolicy,
  };
  return { timeoutMs: file.timeout ?? base.timeoutMs, ...definedOnly(optional) };
}

function kafkaFromFile(file: ScenarioFile['kafka'], base: KafkaSettings): KafkaSettings {
  if (file === undefined) return base;
  const consumer = definedOnly({
    commitMode: file.commitMode,
    autoCommitIntervalMs: file.autoCommitInterval,
    sessionTimeoutMs: file.sessionTimeout,
    heartbeatIntervalMs: file.heartbeatInterval,
    maxPollIntervalMs: file.maxPollInterval,
    isolationLevel: file.isolation,
  });
  const producer = definedOnly({
    idempotence: file.producerIdempotence,
    requestTimeoutMs: file.producerRequestTimeout,
    retryBackoffMs: file.producerRetryBackoff,
  });
  return {
    partitions: file.partitions ?? base.partitions,
    consumers: file.consumers ?? base.consumers,
    consumer: { ...base.consumer, ...consumer },
    producer: { ...base.producer, ...producer },
  };
}

/** Keeps the fields that are set: absent, not undefined (exactOptionalPropertyTypes). */
function definedOnly<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never;
}
