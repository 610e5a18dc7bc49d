import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import {
  formatRoughly,
  medianMs,
  p99Ms,
  withMedianMs,
  withP99Ms,
} from '../../src/scenario/latency-quantiles.js';
import type { KnobId } from '../../src/scenario/knob.js';
import { knobNamed, PLAY_KNOBS, playKnobs } from '../../src/scenario/play-knobs.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { strategies } from '../../src/strategies/registry.js';
import { strategy as userStrategy } from '../fixtures/user-strategy.js';

function set(id: KnobId, text: string, scenario: Scenario = defaultScenario): Scenario {
  const result = knobNamed(id).set(scenario, text);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

function problem(id: KnobId, text: string): string {
  const result = knobNamed(id).set(defaultScenario, text);
  return result.ok ? '(accepted)' : result.problem;
}

describe('play knobs', () => {
  it('show every value of the default scenario', () => {
    expect(Object.fromEntries(PLAY_KNOBS.map((knob) => [knob.id, knob.show(defaultScenario)]))).toEqual({
      'client-timeout': '1s',
      'retry-attempts': '3',
      'key-policy': 'stable',
      'strategies.db-atomic.lease': '5s',
      'strategies.db-atomic.keyRetention': '24h',
      'strategies.db-atomic.reaperInterval': '1h',
      'strategies.db-atomic.reconcileOnTakeover': 'false',
      'strategies.db-atomic.completer': 'false',
      'strategies.db-atomic.completerInterval': '5s',
      'strategies.recovery-point.lockTimeout': '5s',
      'strategies.recovery-point.serializationRetriesMax': '3',
      'strategies.recovery-point.completer': 'true',
      'strategies.recovery-point.completerInterval': '5s',
      'strategies.recovery-point.completerIdle': '5s',
      'strategies.recovery-point.keyRetention': '72h',
      'strategies.recovery-point.reaperInterval': '1h',
      'strategies.redis-setnx.lockTtl': '10s',
      'strategies.redis-setnx.resultTtl': '24h',
      'strategies.redis-setnx.loserAnswer': 'in-progress',
      'strategies.redis-setnx.whenUnavailable': 'fail-closed',
      'provider-median': '100ms',
      'provider-p99': 'about 200ms (cap 10s)',
      'provider-keys': 'honoured',
      payments: '20',
      seed: '1',
      seeds: '10',
    });
  });

  it('write each value where the run reads it, and leave the rest alone', () => {
    expect(set('client-timeout', '30s').client).toEqual({ ...defaultScenario.client, timeoutMs: 30_000 });
    expect(set('retry-attempts', '8').client.retry).toEqual({
      ...defaultScenario.client.retry,
      attemptsMax: 8,
    });
    expect(set('key-policy', 'per-attempt').client.keyPolicy).toBe('per-attempt');
    expect(set('provider-keys', 'ignored').provider.idempotency).toEqual({
      enabled: false,
      retentionMs: 86_400_000,
    });
    expect(set('payments', '5').workload.payments).toBe(5);
    expect(set('seed', '-7').seed).toBe(-7);
    expect(set('seeds', '2').seeds).toBe(2);
    const unchanged = set('client-timeout', '30s');
    expect({ ...unchanged, client: defaultScenario.client }).toEqual(defaultScenario);
  });

  it("set a strategy's setting next to its other overrides, as a scenario file writes it", () => {
    const withOther: Scenario = {
      ...defaultScenario,
      strategyConfig: { 'redis-setnx': { loserAnswer: '409', lockTtlMs: 4000 } },
    };
    expect(knobNamed('strategies.redis-setnx.lockTtl').show(withOther)).toBe('4s');
    // The other spelling of the same setting is replaced, not left beside it.
    expect(set('strategies.redis-setnx.lockTtl', '1500ms', withOther).strategyConfig).toEqual({
      'redis-setnx': { loserAnswer: '409', lockTtl: '1.5s' },
    });
    expect(set('strategies.db-atomic.lease', '250ms').strategyConfig).toEqual({
      'db-atomic': { lease: '250ms' },
    });
    expect(set('strategies.db-atomic.completer', 'true').strategyConfig).toEqual({
      'db-atomic': { completer: true },
    });
    expect(knobNamed('strategies.db-atomic.completer').options?.map((option) => option.value)).toEqual([
      'true',
      'false',
    ]);
    const lease = 'strategies.redis-setnx.lockTtl';
    expect(knobNamed(lease).show(set(lease, '30s'))).toBe('30s');
  });

  it("offer a user's strategy's settings, read from its defaults, between the client's and the provider's", () => {
    const knobs = playKnobs([strategies.get('none')!, userStrategy]);
    expect(knobs.map((knob) => knob.id)).toEqual([
      'client-timeout',
      'retry-attempts',
      'key-policy',
      'strategies.redis-claim-409.claimTtl',
      'strategies.redis-claim-409.resultTtl',
      'provider-median',
      'provider-p99',
      'provider-keys',
      'payments',
      'seed',
      'seeds',
    ]);
    const claimTtl = knobNamed('strategies.redis-claim-409.claimTtl', knobs);
    expect([claimTtl.label, claimTtl.help, claimTtl.show(defaultScenario)]).toEqual([
      'redis-claim-409 claimTtl',
      "redis-claim-409's setting claimTtl: a duration (default 5s)",
      '5s',
    ]);
    const result = claimTtl.set(defaultScenario, '2s');
    expect(result.ok && result.value.strategyConfig).toEqual({ 'redis-claim-409': { claimTtl: '2s' } });
  });

  it('refuse what is not a value, saying what is expected', () => {
    expect(problem('client-timeout', 'soon')).toBe('expected a duration like 1.5s or 250ms');
    expect(problem('client-timeout', '0s')).toBe('must be more than 0');
    expect(problem('retry-attempts', '2.5')).toBe('expected a whole number of 1 or more, like 3');
    expect(problem('retry-attempts', '0')).toBe('must be 1 or more');
    expect(problem('payments', '100000')).toBe('at most 1000 here, so a run takes seconds');
    expect(problem('seed', 'one')).toBe('expected an integer seed, like 42');
    expect(problem('key-policy', 'random')).toBe('expected one of stable, per-attempt, none');
    expect(problem('provider-p99', '50ms')).toBe('the p99 cannot be below the median (100ms)');
    expect(problem('provider-p99', '20s')).toBe('the provider gives up at 10s; choose a p99 at or below it');
    expect(problem('strategies.redis-setnx.lockTtl', '0s')).toBe('must be more than 0');
    expect(problem('strategies.db-atomic.completer', 'yes')).toBe('expected true or false');
    // A word the strategy does not take: its own validateConfig says why.
    expect(problem('strategies.redis-setnx.loserAnswer', 'maybe')).toBe('expected "in-progress" or "409"');
  });
});

describe('provider latency as a median and a p99', () => {
  const lognormal = { kind: 'lognormal', medianMs: 400, sigma: 1, capMs: 8000 } as const;

  it('reads both from any distribution', () => {
    expect(medianMs(lognormal)).toBe(400);
    expect(Math.round(p99Ms(lognormal))).toBe(4096);
    expect([medianMs({ kind: 'constant', ms: 5 }), p99Ms({ kind: 'constant', ms: 5 })]).toEqual([5, 5]);
    expect([
      medianMs({ kind: 'uniform', minMs: 0, maxMs: 100 }),
      p99Ms({ kind: 'uniform', minMs: 0, maxMs: 100 }),
    ]).toEqual([50, 99]);
    expect(p99Ms({ kind: 'pareto', minMs: 10, alpha: 1, capMs: 500 })).toBe(500);
  });

  it('scales a log-normal by its median and sets its sigma from a p99', () => {
    expect(withMedianMs(lognormal, 100)).toEqual({ ...lognormal, medianMs: 100 });
    expect(withMedianMs({ kind: 'constant', ms: 5 }, 7)).toEqual({ kind: 'constant', ms: 7 });
    expect(withP99Ms(lognormal, 2000)).toEqual({ spec: { ...lognormal, sigma: 0.692 } });
    expect(withP99Ms({ kind: 'constant', ms: 100 }, 1000)).toEqual({
      spec: { kind: 'lognormal', medianMs: 100, sigma: 0.99 },
    });
  });

  it('rounds for people: two significant digits in a human unit', () => {
    expect([4093.2, 232.6, 0.42, 59_000, 90_500, 0].map(formatRoughly)).toEqual([
      '4.1s',
      '230ms',
      '0.42ms',
      '59s',
      '1.5m',
      '0ms',
    ]);
  });
});
