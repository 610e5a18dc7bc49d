/**
 * Scenario files a hostile tester would write: the bundled scenarios with fields changed to
 * wrong types, out-of-range numbers, wrong node kinds, unknown fields or removed; generated
 * files with random fault plans; and plain garbage (random text, random bytes).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { bundledScenarioFiles } from '../../src/cli/scenario-files.js';
import { FAULT_KINDS } from '../../src/scenario/fault-schema.js';

const bundled = bundledScenarioFiles().map(
  (file) => parse(readFileSync(file.path, 'utf8')) as Record<string, unknown>,
);

/** Fields a scenario file may set, by path; mutations aim at these (and at a few that do not exist). */
const PATHS = [
  'seed',
  'seeds',
  'horizon',
  'workload.payments',
  'workload.arrivalRate',
  'workload.amount',
  'workload.currency',
  'client.timeout',
  'client.retry.attempts',
  'client.retry.backoff',
  'client.retry.backoffMax',
  'client.retry.jitter',
  'client.keyPolicy',
  'client.doubleSubmitProbability',
  'client.doubleSubmitGap',
  'client.payloadMutationProbability',
  'network.latency',
  'network.lossProbability',
  'provider.latency',
  'provider.idempotencyKeys',
  'provider.keyRetention',
  'service.instances',
  'service.providerTimeout',
  'service.upstreamTimeout',
  'gateway',
  'gateway.timeout',
  'gateway.attempts',
  'gateway.retryOn',
  'postgres.timeout',
  'postgres.idleInTransactionTimeout',
  'postgres.clientCrashDetect',
  'redis.timeout',
  'redis.persistence',
  'redis.snapshotInterval',
  'redis.replicationLag',
  'redis.maxMemory',
  'redis.maxMemoryPolicy',
  'kafka.partitions',
  'kafka.consumers',
  'kafka.commitMode',
  'kafka.autoCommitInterval',
  'kafka.sessionTimeout',
  'kafka.heartbeatInterval',
  'kafka.maxPollInterval',
  'kafka.isolation',
  'kafka.producerIdempotence',
  'kafka.producerRequestTimeout',
  'kafka.producerRetryBackoff',
  'strategies.redis-setnx.ttl',
  'strategies.db-atomic.bogus',
  'expect.none',
  'faults',
  'title',
  'story',
  'bogus',
  'client.bogus',
] as const;

const NODES = [
  'client',
  'gateway',
  'lb',
  'service-1',
  'service-2',
  'psp',
  'postgres',
  'redis',
  'kafka',
  'consumer-1',
  'consumer-3',
  'nowhere',
];

const durationText = fc.oneof(
  fc.constantFrom(
    '0ms',
    '1us',
    '1ms',
    '250ms',
    '1.5s',
    '3s',
    '1m',
    '2h',
    '24h',
    '366d',
    '1e3ms',
    '-1s',
    'soon',
  ),
  fc.nat({ max: 5000 }).map((ms) => `${ms}ms`),
);

/** Values of every kind: right and wrong types, edges and extremes. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  durationText,
  fc.constantFrom(0, 1, -1, 0.5, 1.5, 2, 3, 7, 100, 1001, 1e9, 1e300, -1e300, Number.NaN, Infinity),
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('', 'none', 'stable', 'full', 'after-processing', 'rdb', 'EUR', 'eur', '30/s', '0/s'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('5xx', 'timeout', 'bogus', 1), { maxLength: 3 }),
  fc.record({ kind: fc.constantFrom('constant', 'lognormal', 'pareto', 'uniform', 'exponential', 'x') }),
  fc.record({ kind: fc.constant('lognormal'), median: durationText, sigma: fc.double({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('pareto'), min: durationText, alpha: fc.double({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('uniform'), min: durationText, max: durationText }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.nat(), { maxKeys: 2 }),
  fc.string({ maxLength: 12 }),
);

/** The fields each fault kind takes besides at and kind (a few faults get a wrong one). */
const FAULT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  crash: ['node', 'restartAfter'],
  restart: ['node'],
  pause: ['node', 'duration'],
  resume: ['node'],
  partition: ['between', 'and', 'duration'],
  heal: [],
  'crash-at': ['node', 'on', 'peer', 'nth', 'restartAfter'],
  'pause-at': ['node', 'on', 'peer', 'nth', 'duration'],
  'slow-link': ['from', 'to', 'latency', 'duration'],
  'lossy-link': ['from', 'to', 'lossProbability', 'duration'],
  'redis-restart': ['node', 'crash', 'downtime'],
  'redis-failover': ['node', 'downtime'],
  'redis-cache-load': ['node', 'keys', 'valueBytes', 'writesPerSec'],
  'slow-consumer': ['node', 'delay', 'duration'],
  explode: ['node'],
};

const faultFields = fc.record({
  node: fc.constantFrom(...NODES),
  peer: fc.constantFrom(...NODES),
  from: fc.constantFrom(...NODES),
  to: fc.constantFrom(...NODES),
  between: fc.array(fc.constantFrom(...NODES), { maxLength: 2 }),
  and: fc.array(fc.constantFrom(...NODES), { maxLength: 2 }),
  on: fc.constantFrom('send', 'reply', 'reply', 'never'),
  nth: fc.integer({ min: 0, max: 5 }),
  duration: durationText,
  restartAfter: durationText,
  downtime: durationText,
  delay: durationText,
  keys: fc.integer({ min: 0, max: 3000 }),
  valueBytes: fc.integer({ min: 0, max: 2000 }),
  writesPerSec: fc.constantFrom(1, 400, 1e6),
  lossProbability: fc.double({ min: 0, max: 1.2, noNaN: true }),
  latency: durationText,
  crash: fc.constantFrom('process', 'machine'),
});

/** One fault of any kind, with the fields of its kind (their values often wrong). */
const fault = fc
  .record({
    at: fc.constantFrom('0s', '1s', '2.5s', '10s', '30s', '0ms', '2m'),
    kind: fc.constantFrom(...FAULT_KINDS, 'explode'),
    fields: faultFields,
    dropped: fc.nat({ max: 4 }),
  })
  .map(({ at, kind, fields, dropped }) => {
    const names = FAULT_FIELDS[kind] ?? [];
    const kept = names.filter((_, index) => index !== dropped);
    return {
      at,
      kind,
      ...Object.fromEntries(kept.map((name) => [name, fields[name as keyof typeof fields]])),
    };
  });

/** Sets (or, with undefined, removes) the field at a dotted path, making parents as needed. */
function setPath(file: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = file;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

const mutation = fc.record({
  path: fc.constantFrom(...PATHS),
  value: fc.oneof({ weight: 4, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(undefined) }),
});

/** A bundled scenario with one to four fields changed, and perhaps a few faults added. */
const mutatedBundled = fc
  .record({
    base: fc.constantFrom(...bundled),
    mutations: fc.array(mutation, { maxLength: 3 }),
    extraFaults: fc.array(fault, { maxLength: 2 }),
  })
  .map(({ base, mutations, extraFaults }) => {
    const file = structuredClone(base);
    for (const { path, value } of mutations) setPath(file, path, value);
    if (extraFaults.length > 0)
      file.faults = [...(Array.isArray(file.faults) ? file.faults : []), ...extraFaults];
    return stringify(file);
  });

/** A small generated file: a title, a story, some settings and a random fault plan. */
const generated = fc
  .record({
    mutations: fc.array(mutation, { maxLength: 3 }),
    faults: fc.array(fault, { maxLength: 4 }),
  })
  .map(({ mutations, faults }) => {
    const file: Record<string, unknown> = { title: 'fuzz', story: 'generated', faults };
    for (const { path, value } of mutations) setPath(file, path, value);
    return stringify(file);
  });

const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constantFrom('', '---', '- a\n- b', 'title: [unclosed', 'a: &a [*a]', '%YAML 9.9\n---\nx: 1', '{'),
);

/** The bytes of one scenario file. */
export const scenarioText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: mutatedBundled },
  { weight: 3, arbitrary: generated },
  { weight: 1, arbitrary: garbage },
);
