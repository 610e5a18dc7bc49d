/**
 * `idemsim conform` on a user's strategy that locks its key row with SELECT ... FOR UPDATE
 * (test/fixtures/strategy-row-lock.ts), under 03-double-submit: the duplicate submissions wait on
 * the first one's row lock in the model, and the real PostgreSQL 15 makes them wait on the same
 * backend, statement for statement.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  clusterUnavailable,
  startCluster,
  type PostgresCluster,
} from '../../src/cli/conform/postgres-cluster.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { seedsFrom } from '../../src/experiment/scenario-seeds.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { runCli } from '../cli/run-cli.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';
import { strategy as rowLock } from '../fixtures/strategy-row-lock.js';
import { harmsOf } from '../strategies/mechanism-run.js';
import { describeIfAvailable } from '../support/describe-if-available.js';

const PORT = 55600;
const SEEDS = 4;

interface ConformJson {
  readonly ok: boolean;
  readonly totals: {
    readonly schedules: number;
    readonly compared: number;
    readonly agreed: number;
    readonly waits: Record<string, number>;
  };
  readonly divergences: unknown[];
}

describeIfAvailable(
  'idemsim conform on the row-lock strategy, on a real PostgreSQL 15',
  clusterUnavailable(),
  () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startCluster({ port: PORT });
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 30_000);

    it(`03-double-submit over ${SEEDS} seeds: no double charge, every step agrees, and the FOR UPDATE waits are among them`, async () => {
      const scenario = bundledScenario('03-double-submit');
      for (const seed of seedsFrom(scenario.seed, SEEDS)) {
        const outcome = await runExperiment({ scenario, strategy: rowLock as Strategy, seed, trace: false });
        expect(harmsOf(outcome).doubleCharged, `seed ${seed}`).toEqual([]);
      }
      const result = await runCli(
        'conform',
        '03',
        '--strategies',
        './test/fixtures/strategy-row-lock.ts',
        '--seeds',
        String(SEEDS),
        '--json',
        '--pg',
        cluster.url,
      );
      const report = JSON.parse(result.stdout) as ConformJson;
      const { totals } = report;
      process.stdout.write(
        `conform row-lock: ${totals.schedules} schedules, ${totals.compared} steps compared, ${totals.agreed} agreed, waits that agreed ${JSON.stringify(totals.waits)}\n`,
      );
      expect(report.divergences).toEqual([]);
      expect(result.code).toBe(0);
      expect(totals.schedules).toBe(SEEDS);
      expect(totals.agreed).toBe(totals.compared);
      expect(totals.waits['update']).toBeGreaterThan(0);
    }, 300_000);
  },
);
