import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/experiment/compare.js';
import { renderComparisonTable } from '../../src/report/comparison-table.js';
import { strategies } from '../../src/strategies/registry.js';
import { bundledScenario, SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';

const files = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''))
  .sort();

describe('bundled scenarios', () => {
  it('there is a curriculum to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  // The default compare, one scenario at a time: every strategy over the scenario's own seeds.
  it.each(files)(
    '%s: every stated expectation holds over its own seeds; ok means exercised',
    async (file) => {
      const scenario = bundledScenario(file);
      expect(Object.keys(scenario.expect).length).toBeGreaterThan(0);
      const comparison = await compare({ scenarios: [scenario], strategies: [...strategies.values()] });
      expect(mislabelledCells(comparison)).toEqual([]);
      const checks = comparison.scenarios[0]?.expectations ?? {};
      const failures = Object.entries(checks)
        .filter(([, check]) => !check.holds)
        .map(
          ([strategy, check]) =>
            `${strategy}: expected ${JSON.stringify(check.expected)}, observed ${JSON.stringify(check.observed)}`,
        );
      expect(failures).toEqual([]);
    },
  );
});

/**
 * The matrix cells of the rendered table that say "ok" though nothing exercised the strategy, or
 * that show no harm for an unexercised strategy without saying "untouched".
 */
function mislabelledCells(comparison: Awaited<ReturnType<typeof compare>>): string[] {
  const [scenario] = comparison.scenarios;
  if (scenario === undefined) return ['no scenario'];
  const table = renderComparisonTable(comparison, { colour: false });
  const row = table.split('\n').find((line) => line.startsWith(`│ ${scenario.name} `)) ?? '';
  const cells = row
    .split('│')
    .slice(2, -1)
    .map((cell) => cell.trim());
  expect(cells.length).toBe(scenario.results.length);
  return scenario.results.flatMap((result, index) => {
    const cell = cells[index];
    const { exercised } = result.exposure;
    const wrong =
      (cell === 'ok' && !exercised) || (!exercised && result.harms.length === 0 && cell !== 'untouched');
    return wrong ? [`${result.strategy}: "${cell}", exercised ${exercised}`] : [];
  });
}
