import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { duration, scenarioToYaml } from '../../src/scenario/scenario-file-writer.js';

const SCENARIOS = join(import.meta.dirname, '../../scenarios');

function load(text: string, name: string): Scenario {
  const result = loadScenario(text, name);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.scenario;
}

describe('scenarioToYaml', () => {
  it.each(readdirSync(SCENARIOS).filter((file) => file.endsWith('.yaml')))(
    'writes %s back to a file that loads to the same scenario',
    (file) => {
      const scenario = load(readFileSync(join(SCENARIOS, file), 'utf8'), file.replace(/\.yaml$/, ''));
      expect(load(scenarioToYaml(scenario), 'other-name')).toEqual(scenario);
    },
  );

  it('writes only what differs from the defaults, nested values on one line', () => {
    const scenario: Scenario = {
      ...defaultScenario,
      name: 'lock-ttl',
      title: 'A short lock',
      story: 'The lock lives 1 s.\nThe provider takes longer.',
      client: { ...defaultScenario.client, retry: { ...defaultScenario.client.retry, attemptsMax: 5 } },
      provider: {
        ...defaultScenario.provider,
        latency: { kind: 'lognormal', medianMs: 400, sigma: 1, capMs: 8000 },
      },
      strategyConfig: { 'redis-setnx': { lockTtlMs: 1000 } },
      faults: [{ atMs: 2000, fault: { kind: 'pause', node: 'service-1', durationMs: 1500 } }],
      expect: { 'redis-setnx': ['double-charge'], 'db-atomic': 'ok' },
    };
    expect(scenarioToYaml(scenario)).toBe(
      [
        'name: lock-ttl',
        'title: A short lock',
        'story: |-',
        '  The lock lives 1 s.',
        '  The provider takes longer.',
        'client:',
        '  retry: { attempts: 5 }',
        'provider:',
        '  latency: { kind: lognormal, median: 400ms, sigma: 1, cap: 8s }',
        'strategies:',
        '  redis-setnx: { lockTtl: 1s }',
        'faults:',
        '  - { at: 2s, kind: pause, node: service-1, duration: 1.5s }',
        'expect:',
        '  redis-setnx: [ double-charge ]',
        '  db-atomic: ok',
        '',
      ].join('\n'),
    );
    // Settings load as the file writes them (lockTtl: 1s); a run reads both spellings alike.
    expect(load(scenarioToYaml(scenario), 'x')).toEqual({
      ...scenario,
      strategyConfig: { 'redis-setnx': { lockTtl: '1s' } },
    });
  });

  it('writes a bare service that records no payments, and reads it back', () => {
    const scenario: Scenario = {
      ...defaultScenario,
      name: 'bare',
      title: 'A bare service',
      story: 'It charges and answers.',
      service: { ...defaultScenario.service, recordPayments: false },
    };
    expect(scenarioToYaml(scenario)).toBe(
      [
        'name: bare',
        'title: A bare service',
        'story: It charges and answers.',
        'service:',
        '  recordPayments: false',
        '',
      ].join('\n'),
    );
    expect(load(scenarioToYaml(scenario), 'x')).toEqual(scenario);
  });

  it('keeps durations exact: a human unit only when it reads back to the same ms', () => {
    expect([1500, 250, 60_000, 90_000, 1234, 0.5, 3_600_000, 1000.001].map(duration)).toEqual([
      '1.5s',
      '250ms',
      '1m',
      '1.5m',
      '1.234s',
      '0.5ms',
      '1h',
      '1000.001ms',
    ]);
  });
});
