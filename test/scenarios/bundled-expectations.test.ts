import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/experiment/compare.js';
import { strategyNamed } from '../../src/strategies/registry.js';
import { bundledScenario, SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';

const files = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''))
  .sort();

describe('bundled scenarios', () => {
  it('there is a curriculum to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s: every stated expectation holds over its own seeds', async (file) => {
    const scenario = bundledScenario(file);
    const strategies = Object.keys(scenario.expect).map(strategyNamed);
    expect(strategies.length).toBeGreaterThan(0);
    const comparison = await compare({ scenarios: [scenario], strategies });
    const checks = comparison.scenarios[0]?.expectations ?? {};
    const failures = Object.entries(checks)
      .filter(([, check]) => !check.holds)
      .map(
        ([strategy, check]) =>
          `${strategy}: expected ${JSON.stringify(check.expected)}, observed ${JSON.stringify(check.observed)}`,
      );
    expect(failures).toEqual([]);
  });
});
