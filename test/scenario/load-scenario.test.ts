import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { FAULT_KINDS } from '../../src/scenario/fault-schema.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { HARMS } from '../../src/checks/harm-catalogue.js';
import { nodeNamesOf } from '../../src/scenario/topology.js';

const minimal = 'title: A test\nstory: Something happens.\n';

function problemsOf(yaml: string): readonly string[] {
  const result = loadScenario(yaml, 'from-file-name');
  return result.ok ? [] : result.problems;
}

describe('loadScenario', () => {
  it('a minimal file is the defaults with a title, a story and the file name', () => {
    const result = loadScenario(minimal, 'from-file-name');
    expect(result).toEqual({
      ok: true,
      scenario: { ...defaultScenario, name: 'from-file-name', title: 'A test', story: 'Something happens.' },
    });
  });

  it('reads human durations, rates, latencies and faults into internal units', () => {
    const result = loadScenario(
      `${minimal}
horizon: 2m
workload: { payments: 5, arrivalRate: 30/min }
client: { timeout: 1.5s, retry: { attempts: 4, backoff: 250ms, jitter: none }, keyPolicy: per-attempt }
provider: { latency: { kind: lognormal, median: 300ms, sigma: 1, cap: 10s }, idempotencyKeys: false, keyRetention: 24h }
service: { instances: 2, recordPayments: false }
gateway: { timeout: 5s, attempts: 3, retryOn: [5xx, timeout] }
faults:
  - { at: 1s, kind: crash, node: service-1, restartAfter: 2s }
  - { at: 3s, kind: partition, between: [service-2], and: [psp], oneWay: true, duration: 500ms }
  - { at: 0s, kind: pause-at, node: service-1, on: reply, peer: psp, nth: 3, duration: 6s }
expect: { none: [double-charge] }
`,
      'x',
    );
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { scenario } = result;
    expect(scenario.horizonMs).toBe(120_000);
    expect(scenario.workload).toMatchObject({ payments: 5, arrivalRatePerSec: 0.5 });
    expect(scenario.client).toMatchObject({
      timeoutMs: 1500,
      retry: { attemptsMax: 4, backoffBaseMs: 250, backoffMaxMs: 5000, jitter: 'none' },
      keyPolicy: 'per-attempt',
    });
    expect(scenario.provider).toEqual({
      latency: { kind: 'lognormal', medianMs: 300, sigma: 1, capMs: 10_000 },
      idempotency: { enabled: false, retentionMs: 86_400_000 },
    });
    expect(scenario.service).toEqual({
      instances: 2,
      providerTimeoutMs: 30_000,
      upstreamTimeoutMs: 60_000,
      recordPayments: false,
    });
    expect(scenario.gateway).toEqual({
      upstreamTimeoutMs: 5000,
      attemptsMax: 3,
      retryOn: ['5xx', 'timeout'],
    });
    expect(scenario.faults).toEqual([
      { atMs: 1000, fault: { kind: 'crash', node: 'service-1', restartAfterMs: 2000 } },
      {
        atMs: 3000,
        fault: { kind: 'partition', between: ['service-2'], and: ['psp'], oneWay: true, durationMs: 500 },
      },
      {
        atMs: 0,
        fault: { kind: 'pause-at', node: 'service-1', on: 'reply', peer: 'psp', nth: 3, durationMs: 6000 },
      },
    ]);
    expect(scenario.expect).toEqual({ none: ['double-charge'] });
  });

  it('reports every problem on its own line, with its path in the file', () => {
    expect(
      problemsOf(`title: A test
workload: { paymets: 5, arrivalRate: fast }
client: { timeout: soon }
provider: { latency: { kind: lognormal, median: 300ms } }
faults:
  - { at: 1s, kind: crash, node: service-1 }
  - { at: later, kind: crash, node: service-1 }
  - { at: 1s, kind: meteor }
expect: { none: [explode] }
`),
    ).toEqual([
      'story: expected the plain-language story of the scenario',
      'workload.arrivalRate: expected a rate like "30/s" or "5/min", got "fast"',
      'workload.paymets: unknown field (check the spelling)',
      'client.timeout: expected a duration like "1.5s" or "250ms", got "soon"',
      'provider.latency.sigma: missing (expected a number)',
      'faults[1].at: expected a duration like "1.5s" or "250ms", got "later"',
      `faults[2].kind: expected kind: ${FAULT_KINDS.join(', ')}`,
      `expect.none: expected "ok", "untouched" or a list of: ${HARMS.join(', ')}`,
    ]);
  });

  it('checks what the schema cannot: fault targets, fault times', () => {
    const nodes = nodeNamesOf(defaultScenario).join(', ');
    expect(nodes).toMatch(/^client, lb, service-1, psp, /);
    expect(
      problemsOf(`${minimal}
horizon: 10s
faults:
  - { at: 1s, kind: crash, node: mainframe }
  - { at: 20s, kind: partition, between: [service-1], and: [service-9] }
`),
    ).toEqual([
      `faults[0].node: no node "mainframe" in this scenario; nodes: ${nodes}`,
      'faults[1].at: 20000ms is after the end of the run (horizon 10000ms)',
      `faults[1].and[0]: no node "service-9" in this scenario; nodes: ${nodes}`,
    ]);
  });

  it("keeps the strategies and expect sections as written: only a run knows a user's strategy", () => {
    const result = loadScenario(
      `${minimal}
strategies:
  redis-setnx: { lockTtl: 5s, loserAnswer: '409' }
  redis-claim-409: { claimTtl: 2s }
expect: { redis-claim-409: ok }
`,
      'x',
    );
    expect(result.ok && [result.scenario.strategyConfig, result.scenario.expect]).toEqual([
      { 'redis-setnx': { lockTtl: '5s', loserAnswer: '409' }, 'redis-claim-409': { claimTtl: '2s' } },
      { 'redis-claim-409': 'ok' },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('title: x\nstory: [unclosed\n')).toEqual([
      expect.stringMatching(/^line \d+, column \d+: /),
    ]);
    expect(problemsOf('- just\n- a list\n')).toEqual([
      '(top level): expected a mapping with at least title and story',
    ]);
  });
});
