import { describe, expect, it } from 'vitest';
import { coverageLines, coverageProgress } from '../../src/cli/hunt-coverage-text.js';
import type { CoverageSummary } from '../../src/hunt/hunt-coverage.js';

const coverage: CoverageSummary = {
  cases: 3,
  faultKinds: { 'redis-restart': 2, pause: 4 },
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
};

describe('hunt coverage in words', () => {
  it('the lines at the end of a timed hunt: fault kinds simplest first, knobs by group', () => {
    expect(coverageLines(coverage)).toEqual([
      'Covered by the search: 3 cases.',
      '  faults tried, by kind: pause 4, redis-restart 2',
      '  cases by how many faults: 1 with 0, 0 with 1, 0 with 2, 2 with 3',
      '  strategy settings: lockTtlMs 700-9000 in 2 cases',
      '  workload: payments 1-4 in 3 cases, instances 2 in 2 cases, double submits in 2 cases',
      '  client: attemptsMax 5 in 1 cases, timeoutMs 300-4000 in 2 cases',
      '  provider latency: medianMs 900 in 2 cases, sigma 0.5 in 2 cases',
    ]);
  });

  it('the progress clause', () => {
    expect(coverageProgress(coverage)).toBe(
      'fault kinds: pause 4, redis-restart 2; settings: lockTtlMs 700-9000',
    );
  });
});
