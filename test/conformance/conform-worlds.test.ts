/**
 * `idemsim conform --worlds N --seed S`: worlds drawn from the hunt's space, replayed on a real
 * PostgreSQL 15 (started for the suite on a loopback port of its own).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  clusterUnavailable,
  startCluster,
  type PostgresCluster,
} from '../../src/cli/conform/postgres-cluster.js';
import { runCli } from '../cli/run-cli.js';
import { describeIfAvailable } from '../support/describe-if-available.js';

const PORT = 55602;

describeIfAvailable('idemsim conform --worlds on a real PostgreSQL 15', clusterUnavailable(), () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startCluster({ port: PORT });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('db-naive on 4 hunt worlds drawn with seed 7: one row per world, every step agrees', async () => {
    const args = ['conform', '--worlds', '4', '--seed', '7', '--strategies', 'db-naive', '--json'];
    const result = await runCli(...args, '--pg', cluster.url);
    const report = JSON.parse(result.stdout) as {
      totals: { schedules: number; compared: number; agreed: number; waits: Record<string, number> };
      rows: Array<{ scenario: string }>;
      divergences: unknown[];
    };
    process.stdout.write(`conform --worlds 4 --seed 7: ${JSON.stringify(report.totals)}\n`);
    expect(report.divergences).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.rows.map((row) => row.scenario)).toEqual([
      'world-7-1',
      'world-7-2',
      'world-7-3',
      'world-7-4',
    ]);
    expect(report.totals.agreed).toBe(report.totals.compared);
    expect(report.totals.compared).toBeGreaterThan(0);
  }, 300_000);

  it('--worlds with scenario names is bad input', async () => {
    const result = await runCli('conform', '03', '--worlds', '2', '--pg', cluster.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--worlds draws its own worlds: leave the scenario names out/);
  });
});
