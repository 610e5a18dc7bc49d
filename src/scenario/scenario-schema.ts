/**
 * The schema of a scenario file. Every field but `title` and `story` is optional and falls back
 * to `defaultScenario`; unknown fields are errors (a typo must not silently run the defaults).
 */
import { z } from 'zod';
import { defaultScenario } from './default-scenario.js';
import { faultSchema } from './fault-schema.js';
import { duration, latency, positiveInt, probability, rate } from './schema-primitives.js';
import { HARMS, type Harm, type Scenario } from './scenario.js';

const workload = z.strictObject({
  payments: positiveInt.optional(),
  arrivalRate: rate.optional(),
  amount: positiveInt.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO currency code like "EUR"').optional(),
});

const retry = z.strictObject({
  attempts: positiveInt.optional(),
  backoff: duration.optional(),
  backoffMax: duration.optional(),
  jitter: z.enum(['none', 'full', 'equal']).optional(),
});

const client = z.strictObject({
  timeout: duration.optional(),
  retry: retry.optional(),
  keyPolicy: z.enum(['stable', 'per-attempt', 'none']).optional(),
  doubleSubmitProbability: probability.optional(),
  doubleSubmitGap: duration.optional(),
});

const provider = z.strictObject({
  latency: latency.optional(),
  idempotencyKeys: z.boolean().optional(),
  keyRetention: duration.optional(),
});

const service = z.strictObject({
  instances: positiveInt.optional(),
  providerTimeout: duration.optional(),
  upstreamTimeout: duration.optional(),
});

const gateway = z.strictObject({
  timeout: duration,
  attempts: positiveInt,
  retryOn: z.array(z.enum(['5xx', 'timeout'])).default([]),
});

const harm = z.enum(HARMS as [Harm, ...Harm[]], { error: `expected "ok" or a list of: ${HARMS.join(', ')}` });

export const scenarioFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case name like "03-crash-after-charge"').optional(),
  title: z.string({ error: 'expected a one-line title' }).min(1),
  story: z.string({ error: 'expected the plain-language story of the scenario' }).min(1),
  seed: z.number().int('expected an integer seed').optional(),
  seeds: positiveInt.optional(),
  horizon: duration.optional(),
  workload: workload.optional(),
  client: client.optional(),
  network: z.strictObject({ latency: latency.optional(), lossProbability: probability.optional() }).optional(),
  provider: provider.optional(),
  service: service.optional(),
  gateway: gateway.nullable().optional(),
  faults: z.array(faultSchema).optional(),
  expect: z.record(z.string(), z.union([z.literal('ok'), z.array(harm).min(1)], { error: `expected "ok" or a list of: ${HARMS.join(', ')}` })).optional(),
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
    },
    gateway:
      file.gateway === undefined || file.gateway === null
        ? base.gateway
        : { upstreamTimeoutMs: file.gateway.timeout, attemptsMax: file.gateway.attempts, retryOn: file.gateway.retryOn },
    faults: file.faults ?? base.faults,
    expect: file.expect ?? base.expect,
  };
}
