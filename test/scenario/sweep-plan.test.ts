import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldPath, withField } from '../../src/scenario/field-path.js';
import { planSweep } from '../../src/scenario/sweep-plan.js';
import { sweepValues, valueLabel } from '../../src/scenario/sweep-values.js';

const LEASE = readFileSync(
  join(import.meta.dirname, '..', '..', 'scenarios', '05-lease-outlived.yaml'),
  'utf8',
);

function planned(field: string, from: string, to: string, steps = 8): string {
  const result = planSweep(LEASE, '05-lease-outlived', { field, from, to, steps });
  return result.ok
    ? `${result.plan.kind}: ${result.plan.points.map((point) => point.label).join(' ')}`
    : `problem: ${result.problem}`;
}

describe('planning a sweep: the field kind comes from the file schema, values in its units', () => {
  it.each([
    ['strategies.redis-setnx.lockTtl', '1s', '8s', 8, 'duration: 1s 2s 3s 4s 5s 6s 7s 8s'],
    [
      'strategies.redis-setnx.lockTtl',
      '1s',
      '60s',
      8,
      'duration: 1s 9.429s 17.857s 26.286s 34.714s 43.143s 51.571s 1m',
    ],
    ['client.timeout', '250ms', '5s', 6, 'duration: 250ms 1.2s 2.15s 3.1s 4.05s 5s'],
    ['client.timeout', '250', '1000', 4, 'duration: 250ms 500ms 750ms 1s'],
    ['client.retry.attempts', '1', '4', 8, 'integer: 1 2 3 4'],
    ['provider.latency.median', '100ms', '1s', 4, 'duration: 100ms 400ms 700ms 1s'],
    ['provider.latency.sigma', '0.5', '2', 4, 'number: 0.5 1 1.5 2'],
    ['faults[0].duration', '1s', '5s', 5, 'duration: 1s 2s 3s 4s 5s'],
    ['faults.1.duration', '1s', '2s', 2, 'duration: 1s 2s'],
    ['workload.arrivalRate', '1/s', '4/s', 4, 'rate: 1/s 2/s 3/s 4/s'],
    ['redis.maxMemory', '64kb', '256kb', 4, 'size: 64kb 128kb 192kb 256kb'],
    ['client.doubleSubmitProbability', '0', '0.3', 4, 'number: 0 0.1 0.2 0.3'],
  ])('%s=%s..%s in %i steps', (field, from, to, steps, expected) => {
    expect(planned(field, from, to, steps)).toBe(expected);
  });

  it.each([
    [
      'a typo in a field: the loader says so, and what is near',
      'client.timeoutt',
      '1s',
      '2s',
      'client.timeoutt: unknown field (check the spelling); did you mean client.timeout?',
    ],
    [
      'a typo in a strategy setting',
      'strategies.redis-setnx.lockTtll',
      '1s',
      '2s',
      'strategies.redis-setnx.lockTtll: unknown setting; known: lockTtl, resultTtl, loserAnswer, whenUnavailable; did you mean strategies.redis-setnx.lockTtl?',
    ],
    [
      'an unknown strategy',
      'strategies.nope.lease',
      '1s',
      '2s',
      'strategies.nope: unknown strategy "nope"; built-in: none, db-naive, db-atomic, recovery-point, redis-setnx, kafka-eos (for your own, give its file with --strategies); did you mean strategies.db-atomic.lease?',
    ],
    [
      'a setting without its section',
      'lockTtl',
      '1s',
      '2s',
      'lockTtl: unknown field (check the spelling); did you mean strategies.redis-setnx.lockTtl?',
    ],
    [
      'a name many sections have',
      'timeout',
      '1s',
      '2s',
      'timeout: unknown field (check the spelling); did you mean client.timeout, service.providerTimeout, service.upstreamTimeout, gateway.timeout, postgres.timeout, postgres.idleInTransactionTimeout, ... (10 in all)?',
    ],
    [
      'a misspelt fault field',
      'faults[1].durration',
      '1s',
      '2s',
      'faults[1].durration: unknown field (check the spelling); did you mean faults[1].duration?',
    ],
    [
      'units on a count',
      'client.retry.attempts',
      '1s',
      '4s',
      'client.retry.attempts is a whole number: write values like 1..8 (got "1s")',
    ],
    [
      'a fraction for a count',
      'workload.payments',
      '1',
      '2.5',
      'workload.payments is a whole number: write values like 1..8 (got "2.5")',
    ],
    [
      'no units where a duration is due, in a wrong form',
      'client.timeout',
      'soon',
      '2s',
      'client.timeout is a duration: write values like 250ms..5s or 1s..60s (got "soon")',
    ],
    [
      'a value the loader refuses',
      'workload.payments',
      '0',
      '4',
      'workload.payments=0: expected a whole number of 1 or more',
    ],
    [
      "the first value past the field's range",
      'client.doubleSubmitProbability',
      '0',
      '1.5',
      'client.doubleSubmitProbability=1.07143: expected a probability between 0 and 1',
    ],
    [
      'from above to',
      'strategies.db-atomic.lease',
      '60s',
      '1s',
      'strategies.db-atomic.lease=60s..1s: from is above to; write the smaller value first (1s..60s)',
    ],
    [
      'both ends equal',
      'client.timeout',
      '1s',
      '1000ms',
      'client.timeout=1s..1000ms: both ends are the same value; give a range, like 1s..60s',
    ],
    [
      'a choice, not a number',
      'client.keyPolicy',
      '1',
      '2',
      'client.keyPolicy: not a number; a sweep varies numbers, durations, rates and sizes (for a choice like this, compare two scenario files)',
    ],
    [
      'a fault the file does not have',
      'faults[3].duration',
      '1s',
      '2s',
      'faults[3]: no such item in the file (it has 2); did you mean faults[0].duration, faults[1].duration?',
    ],
    [
      'a latency the file gives as a distribution',
      'provider.latency',
      '100ms',
      '2s',
      'provider.latency: the file gives a lognormal distribution here; vary one of its fields instead: provider.latency.median, provider.latency.sigma, provider.latency.cap',
    ],
    [
      'the seeds',
      'seeds',
      '1',
      '4',
      'seeds: every value runs on the same seeds; choose how many with --seeds',
    ],
    [
      'not a path',
      'client..timeout',
      '1s',
      '2s',
      '"client..timeout" is not a field path; write it as in the file, like client.timeout or faults[0].duration',
    ],
  ])('%s: one line saying what is wrong', (_what, field, from, to, problem) => {
    expect(planned(field, from, to)).toBe(`problem: ${problem}`);
  });

  it('a latency the file writes as a fixed duration has no median to vary', () => {
    const result = planSweep('title: t\nstory: s\nprovider: { latency: 100ms }\n', 'x', {
      field: 'provider.latency.median',
      from: '1ms',
      to: '2ms',
      steps: 2,
    });
    expect(result).toEqual({
      ok: false,
      problem:
        'provider.latency.median: this latency is not a distribution in the file (it is "100ms"); vary the latency itself, or write it in the file as { kind: lognormal, median: ..., sigma: ... } first',
    });
  });

  it('a field the file leaves out starts from the default and is added', () => {
    const result = planSweep('title: t\nstory: s\n', 'x', {
      field: 'client.retry.attempts',
      from: '1',
      to: '3',
      steps: 3,
    });
    expect(result.ok && result.plan.points.map((point) => point.scenario.client.retry.attemptsMax)).toEqual([
      1, 2, 3,
    ]);
  });
});

describe('the pieces', () => {
  it('field paths read like the loader writes them', () => {
    expect(parseFieldPath('faults[1].duration')).toEqual(['faults', 1, 'duration']);
    expect(parseFieldPath('faults.1.duration')).toEqual(['faults', 1, 'duration']);
    expect(parseFieldPath('strategies.redis-setnx.lockTtl')).toEqual([
      'strategies',
      'redis-setnx',
      'lockTtl',
    ]);
    expect(parseFieldPath('client..timeout')).toBeUndefined();
    expect(parseFieldPath('a[x]')).toBeUndefined();
  });

  it('withField edits a copy, adding missing mappings, never a list item', () => {
    const file = { client: { timeout: '1s' }, faults: [{ at: '1s' }] };
    expect(withField(file, ['client', 'retry', 'attempts'], 3)).toEqual({
      client: { timeout: '1s', retry: { attempts: 3 } },
      faults: [{ at: '1s' }],
    });
    expect(withField(file, ['faults', 0, 'at'], 2000)).toEqual({
      client: { timeout: '1s' },
      faults: [{ at: 2000 }],
    });
    expect(withField(file, ['faults', 1, 'at'], 2000)).toBe('faults[1]: no such item in the file (it has 1)');
    expect(file).toEqual({ client: { timeout: '1s' }, faults: [{ at: '1s' }] });
  });

  it('values: evenly spaced, both ends, whole numbers stay whole without repeats', () => {
    expect(sweepValues(1, 3, 8, 'integer')).toEqual([1, 2, 3]);
    expect(sweepValues(1, 8, 3, 'integer')).toEqual([1, 5, 8]);
    expect(sweepValues(1000, 60_000, 3, 'duration')).toEqual([1000, 30_500, 60_000]);
    expect(sweepValues(1, 2, 4, 'duration')).toEqual([1, 1.333, 1.667, 2]);
    expect(sweepValues(0.1, 0.3, 3, 'number')).toEqual([0.1, 0.2, 0.3]);
    expect([500, 1000, 90_000, 5_400_000].map((ms) => valueLabel(ms, 'duration'))).toEqual([
      '500ms',
      '1s',
      '1.5m',
      '1.5h',
    ]);
    expect([512, 65_536, 1_572_864].map((size) => valueLabel(size, 'size'))).toEqual([
      '512b',
      '64kb',
      '1.5mb',
    ]);
  });
});
