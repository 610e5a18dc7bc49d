/**
 * The knobs a workshop turns in `idemsim play`: the settings that decide whether a design
 * charges twice (timeouts against the provider's tail, keys, and each strategy's own settings,
 * its TTLs and leases against pauses), and the size of the run. The strategies' knobs come from
 * their defaults (strategy-knobs.ts), so a user's strategy has its knobs like a built-in one.
 *
 * Pure: no I/O. The knobs do not move the fault plan (see play-setup.ts for faults on and off).
 */
import type { KeyPolicy } from '../components/client-workload.js';
import { strategies } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import type { Knob, KnobId, KnobOption, Parsed } from './knob.js';
import { formatRoughly, capMs, medianMs, p99Ms, withMedianMs, withP99Ms } from './latency-quantiles.js';
import { duration } from './scenario-file-writer.js';
import type { Scenario } from './scenario.js';
import { strategyKnobs } from './strategy-knobs.js';
import { parseDurationMs } from './units.js';

/** Most payments (and seeds) one run may have here: a facilitator waits for the answer. */
export const PLAY_PAYMENTS_MAX = 1000;
export const PLAY_SEEDS_MAX = 100;

const DURATION_EXPECTED = 'expected a duration like 1.5s or 250ms';

/** A duration of more than 0 ms. */
export function parsePositiveDurationMs(text: string): Parsed<number> {
  const ms = parseDurationMs(text.trim());
  if (ms === undefined) return { ok: false, problem: DURATION_EXPECTED };
  if (ms <= 0) return { ok: false, problem: 'must be more than 0' };
  return { ok: true, value: ms };
}

/** A whole number in [min, max]. */
export function parseWholeNumber(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed))
    return { ok: false, problem: `expected a whole number of ${min} or more, like ${Math.max(min, 3)}` };
  const value = Number(trimmed);
  if (value < min) return { ok: false, problem: `must be ${min} or more` };
  if (value > max) return { ok: false, problem: `at most ${max} here, so a run takes seconds` };
  return { ok: true, value };
}

export function parseSeedText(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed)))
    return { ok: false, problem: 'expected an integer seed, like 42' };
  return { ok: true, value: Number(trimmed) };
}

function map<A, B>(parsed: Parsed<A>, f: (value: A) => B): Parsed<B> {
  return parsed.ok ? { ok: true, value: f(parsed.value) } : parsed;
}

function choice(options: readonly KnobOption[], text: string): Parsed<string> {
  const value = text.trim();
  if (options.some((option) => option.value === value)) return { ok: true, value };
  return { ok: false, problem: `expected one of ${options.map((option) => option.value).join(', ')}` };
}

const KEY_POLICIES: readonly KnobOption[] = [
  { value: 'stable', help: 'one key per payment, on every retry (the contract)' },
  { value: 'per-attempt', help: 'a new key on every attempt (a bug seen in real incidents)' },
  { value: 'none', help: 'no Idempotency-Key header at all' },
];

const PROVIDER_KEYS: readonly KnobOption[] = [
  { value: 'honoured', help: 'the provider replays a charge for a key it has seen (Stripe keeps keys 24 h)' },
  { value: 'ignored', help: 'the provider charges every request it gets' },
];

function providerTail(scenario: Scenario): string {
  const cap = capMs(scenario.provider.latency);
  return `about ${formatRoughly(p99Ms(scenario.provider.latency))}${cap === undefined ? '' : ` (cap ${duration(cap)})`}`;
}

/** The client's knobs, asked about first. */
const CLIENT_KNOBS: readonly Knob[] = [
  {
    id: 'client-timeout',
    label: 'client timeout',
    help: 'how long a client waits for one answer before it gives up and retries',
    show: (scenario) => duration(scenario.client.timeoutMs),
    set: (scenario, text) =>
      map(parsePositiveDurationMs(text), (timeoutMs) => ({
        ...scenario,
        client: { ...scenario.client, timeoutMs },
      })),
  },
  {
    id: 'retry-attempts',
    label: 'retry attempts',
    help: 'attempts per payment, the first included (1: never retry)',
    show: (scenario) => String(scenario.client.retry.attemptsMax),
    set: (scenario, text) =>
      map(parseWholeNumber(text, 1, 100), (attemptsMax) => ({
        ...scenario,
        client: { ...scenario.client, retry: { ...scenario.client.retry, attemptsMax } },
      })),
  },
  {
    id: 'key-policy',
    label: 'key policy',
    help: "how the client picks each attempt's Idempotency-Key",
    show: (scenario) => scenario.client.keyPolicy,
    options: KEY_POLICIES,
    set: (scenario, text) =>
      map(choice(KEY_POLICIES, text), (keyPolicy) => ({
        ...scenario,
        client: { ...scenario.client, keyPolicy: keyPolicy as KeyPolicy },
      })),
  },
];

/** The provider's knobs and the run's size, after the strategies' own. */
const WORLD_KNOBS: readonly Knob[] = [
  {
    id: 'provider-median',
    label: 'provider latency, median',
    help: 'how long a typical charge takes at the provider (the tail scales with it)',
    show: (scenario) => formatRoughly(medianMs(scenario.provider.latency)),
    set: (scenario, text) =>
      map(parsePositiveDurationMs(text), (ms) => ({
        ...scenario,
        provider: { ...scenario.provider, latency: withMedianMs(scenario.provider.latency, ms) },
      })),
  },
  {
    id: 'provider-p99',
    label: 'provider latency, p99',
    help: 'one charge in a hundred takes longer than this: the tail that outlives timeouts and TTLs',
    show: providerTail,
    set: (scenario, text) => {
      const parsed = parsePositiveDurationMs(text);
      if (!parsed.ok) return parsed;
      const result = withP99Ms(scenario.provider.latency, parsed.value);
      if ('problem' in result) return { ok: false, problem: result.problem };
      return { ok: true, value: { ...scenario, provider: { ...scenario.provider, latency: result.spec } } };
    },
  },
  {
    id: 'provider-keys',
    label: 'provider idempotency keys',
    help: 'whether the provider itself recognises a repeated key',
    show: (scenario) => (scenario.provider.idempotency.enabled ? 'honoured' : 'ignored'),
    options: PROVIDER_KEYS,
    set: (scenario, text) =>
      map(choice(PROVIDER_KEYS, text), (value) => ({
        ...scenario,
        provider: {
          ...scenario.provider,
          idempotency: { ...scenario.provider.idempotency, enabled: value === 'honoured' },
        },
      })),
  },
  {
    id: 'payments',
    label: 'payments',
    help: 'payment intents per run',
    show: (scenario) => String(scenario.workload.payments),
    set: (scenario, text) =>
      map(parseWholeNumber(text, 1, PLAY_PAYMENTS_MAX), (payments) => ({
        ...scenario,
        workload: { ...scenario.workload, payments },
      })),
  },
  {
    id: 'seed',
    label: 'first seed',
    help: 'runs use this seed, the next one, and so on; the same seeds give the same table',
    show: (scenario) => String(scenario.seed),
    set: (scenario, text) => map(parseSeedText(text), (seed) => ({ ...scenario, seed })),
  },
  {
    id: 'seeds',
    label: 'seeds',
    help: 'runs per strategy: fewer is faster, more shows rarer failures',
    show: (scenario) => String(scenario.seeds),
    set: (scenario, text) =>
      map(parseWholeNumber(text, 1, PLAY_SEEDS_MAX), (seeds) => ({ ...scenario, seeds })),
  },
];

/** Every knob of a session with these strategies: the client's, each strategy's settings, the rest. */
export function playKnobs(sessionStrategies: readonly Strategy[]): Knob[] {
  return [...CLIENT_KNOBS, ...sessionStrategies.flatMap(strategyKnobs), ...WORLD_KNOBS];
}

/** The knobs of a session with every built-in strategy. */
export const PLAY_KNOBS: readonly Knob[] = playKnobs([...strategies.values()]);

export function knobNamed(id: KnobId, knobs: readonly Knob[] = PLAY_KNOBS): Knob {
  const knob = knobs.find((candidate) => candidate.id === id);
  if (knob === undefined) throw new Error(`no knob ${id}`);
  return knob;
}
