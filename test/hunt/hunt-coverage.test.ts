import { describe, expect, it } from 'vitest';
import type { HuntCase } from '../../src/hunt/hunt-case.js';
import { HuntCoverage } from '../../src/hunt/hunt-coverage.js';

const healthy: HuntCase = { seed: 1, payments: 1, doubleSubmit: false, client: {}, settings: {}, faults: [] };

const turned: HuntCase = {
  seed: 2,
  payments: 4,
  doubleSubmit: true,
  instances: 2,
  client: { timeoutMs: 300, attemptsMax: 5 },
  providerLatency: { medianMs: 900, sigma: 0.5 },
  settings: { lockTtlMs: 700 },
  faults: [
    { kind: 'pause', atMs: 10, worker: { tier: 'service', index: 0 }, durationMs: 50 },
    { kind: 'redis-restart', atMs: 20, crash: 'process', downtimeMs: 100 },
    { kind: 'pause', atMs: 30, worker: { tier: 'service', index: 1 }, durationMs: 70 },
  ],
};

describe('hunt coverage', () => {
  it('counts fault kinds and the range of every knob turned', () => {
    const coverage = new HuntCoverage();
    coverage.add(healthy);
    coverage.add(turned);
    coverage.add({ ...turned, payments: 2, settings: { lockTtlMs: 9000 }, client: { timeoutMs: 4000 } });
    expect(coverage.summary()).toEqual({
      cases: 3,
      faultKinds: { pause: 4, 'redis-restart': 2 },
      casesByFaults: [1, 0, 0, 2],
      settings: { lockTtlMs: { cases: 2, min: 700, max: 9000 } },
      knobs: {
        payments: { cases: 3, min: 1, max: 4 },
        'client.timeoutMs': { cases: 2, min: 300, max: 4000 },
        'client.attemptsMax': { cases: 1, min: 5, max: 5 },
        instances: { cases: 2, min: 2, max: 2 },
        'provider.medianMs': { cases: 2, min: 900, max: 900 },
        'provider.sigma': { cases: 2, min: 0.5, max: 0.5 },
      },
      doubleSubmits: 2,
    });
  });

  it('holds counts, not cases: its size does not grow with the cases it has seen', () => {
    const coverage = new HuntCoverage();
    const shape = (): string => JSON.stringify(coverage.summary()).replace(/\d+(\.\d+)?/g, '0');
    for (let i = 0; i < 10; i++) coverage.add(i % 2 === 0 ? healthy : turned);
    const after10 = shape();
    for (let i = 0; i < 100_000; i++) coverage.add(i % 2 === 0 ? healthy : turned);
    expect(shape()).toBe(after10);
    expect(coverage.summary().cases).toBe(100_010);
  });
});
