import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeTrace } from '../../src/engine/trace.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { caseSize } from '../../src/hunt/hunt-case.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { hunt, type HuntFound, type HuntResult } from '../../src/hunt/hunt.js';
import { noDoubleCharge, noLostPayment, type HuntProperty } from '../../src/hunt/properties.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { scenarioToYaml } from '../../src/scenario/scenario-file-writer.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { strategies } from '../../src/strategies/registry.js';
import type { Strategy } from '../../src/strategies/strategy.js';

const SCENARIOS = join(import.meta.dirname, '../../scenarios');

function strategy(name: string): Strategy {
  const found = strategies.get(name);
  if (found === undefined) throw new Error(name);
  return found;
}

function bundled(file: string): Scenario {
  const result = loadScenario(readFileSync(join(SCENARIOS, file), 'utf8'), file.replace(/\.yaml$/, ''));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.scenario;
}

function expectFound(result: HuntResult): HuntFound {
  if (!result.found) throw new Error(`${result.strategy}: nothing found in ${result.runs} runs`);
  return result;
}

describe('hunt with the default budget and seed', () => {
  it.each(['none', 'db-naive', 'redis-setnx', 'kafka-eos'])(
    'finds a small double charge for %s',
    async (name) => {
      const found = expectFound(await hunt({ base: huntBaseScenario, strategy: strategy(name) }));
      expect(found.property).toBe(noDoubleCharge);
      expect(found.run.summary.doubleCharges).toBeGreaterThan(0);
      const size = caseSize(found.huntCase);
      expect(size.payments).toBe(1);
      expect(size.faults).toBeLessThanOrEqual(1);
      expect(size.changes).toBeLessThanOrEqual(2);
    },
  );

  it('finds no double charge for db-atomic while the provider honours keys', async () => {
    const result = await hunt({ base: huntBaseScenario, strategy: strategy('db-atomic') });
    expect(result).toMatchObject({ found: false, runs: 1000, interrupted: false });
  });

  it("finds db-atomic's residual window without provider keys (scenario 17)", async () => {
    const found = expectFound(
      await hunt({ base: bundled('17-no-provider-keys.yaml'), strategy: strategy('db-atomic') }),
    );
    expect(found.scenario.provider.idempotency.enabled).toBe(false);
    expect(found.run.summary.doubleCharges).toBeGreaterThan(0);
    // The story tells the base scenario's own fault apart from what the search added.
    expect(found.scenario.story.replace(/\s+/g, ' ')).toContain(
      'From the base scenario: At 0ms service-1 is set to die when the 3rd reply from psp reaches it',
    );
  });
});

describe('a counterexample', () => {
  it('replays from its scenario file byte for byte: same trace, same summary', async () => {
    const found = expectFound(await hunt({ base: huntBaseScenario, strategy: strategy('redis-setnx') }));
    const loaded = loadScenario(scenarioToYaml(found.scenario), 'other-name');
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.scenario).toEqual(found.scenario);
    const replay = await runExperiment({
      scenario: loaded.scenario,
      strategy: strategy('redis-setnx'),
      seed: loaded.scenario.seed,
    });
    expect(serializeTrace(replay.trace)).toBe(serializeTrace(found.run.outcome.trace));
    expect(JSON.stringify(summarizeRun(replay))).toBe(JSON.stringify(found.run.summary));
  });

  it('is the same for the same seed and budget, and tells its story in the file', async () => {
    const first = expectFound(
      await hunt({ base: huntBaseScenario, strategy: strategy('kafka-eos'), seed: 7, runs: 50 }),
    );
    const second = expectFound(
      await hunt({ base: huntBaseScenario, strategy: strategy('kafka-eos'), seed: 7, runs: 50 }),
    );
    expect(scenarioToYaml(second.scenario)).toBe(scenarioToYaml(first.scenario));
    expect(first.scenario.name).toBe('hunt-kafka-eos');
    expect(first.scenario.title).toBe('Counterexample: kafka-eos breaks "no payment is charged twice"');
    expect(first.scenario.story.replace(/\s+/g, ' ')).toContain(`What broke: ${first.violation}.`);
  });
});

describe('properties', () => {
  it('checks the properties it is given, in order, and names the one that broke', async () => {
    const found = expectFound(
      await hunt({
        base: huntBaseScenario,
        strategy: strategy('none'),
        properties: [noLostPayment, noDoubleCharge],
        runs: 50,
      }),
    );
    expect(found.property.name).toBe(
      found.run.summary.lostPayments > 0 ? 'no-lost-payment' : 'no-double-charge',
    );
  });

  it("takes a user's own property", async () => {
    const atMostOneAttempt: HuntProperty = {
      name: 'one-attempt-per-payment',
      claim: 'every payment succeeds at its first attempt',
      violation: ({ summary }) =>
        summary.attempts > summary.payments
          ? `${summary.attempts} attempts for ${summary.payments} payments`
          : undefined,
    };
    const found = expectFound(
      await hunt({
        base: huntBaseScenario,
        strategy: strategy('db-atomic'),
        properties: [atMostOneAttempt],
        runs: 100,
      }),
    );
    expect(found.violation).toMatch(/^\d+ attempts for 1 payments$/);
    expect(found.run.summary.attempts).toBeGreaterThan(1);
  });
});
