/**
 * `idemsim conform` against a real PostgreSQL 15, started for the suite on a loopback port of
 * its own (a throw-away cluster, as the command starts one).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  clusterUnavailable,
  startCluster,
  type PostgresCluster,
} from '../../src/cli/conform/postgres-cluster.js';
import { modelSwitches } from '../../src/components/postgres/model-switches.js';
import { runCli } from '../cli/run-cli.js';
import { describeIfAvailable } from '../support/describe-if-available.js';

const PORT = 55402;

describeIfAvailable('idemsim conform on a real PostgreSQL 15', clusterUnavailable(), () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startCluster({ port: PORT });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('the model agrees with the real server on every statement of every bundled scenario, for db-naive and db-atomic, over two seeds', async () => {
    const startedMs = performance.now();
    const result = await runCli(
      'conform',
      '--strategies',
      'db-naive,db-atomic',
      '--seeds',
      '2',
      '--json',
      '--pg',
      cluster.url,
    );
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      totals: { schedules: number; compared: number; agreed: number; excluded: Record<string, number> };
      rows: Array<{ scenario: string; store: string; schedules: number }>;
      divergences: unknown[];
    };
    const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
    process.stdout.write(
      `conform: ${report.totals.schedules} schedules, ${report.totals.compared} steps compared, ${report.totals.agreed} agreed, excluded ${JSON.stringify(report.totals.excluded)}, ${seconds} s\n`,
    );
    expect(report.divergences).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.ok).toBe(true);
    // Every bundled scenario on PostgreSQL; on Redis only 09-redis-eviction, whose own filler
    // traffic (not the strategy's) sends commands.
    expect(report.rows.filter((row) => row.store === 'postgres')).toHaveLength(40);
    expect(report.rows.filter((row) => row.store === 'redis').map((row) => row.scenario)).toEqual([
      '09-redis-eviction',
      '09-redis-eviction',
    ]);
    expect(report.totals.schedules).toBe(84);
    expect(report.totals.compared).toBeGreaterThan(10_000);
    expect(report.totals.agreed).toBe(report.totals.compared);
  }, 600_000);

  it('a model without the unique-key wait diverges: exit 1, and the divergence names the wait and shows the schedule around it', async () => {
    modelSwitches.uniqueKeyWait = false;
    try {
      const result = await runCli(
        'conform',
        '02',
        '--strategies',
        'db-naive',
        '--seeds',
        '2',
        '--pg',
        cluster.url,
      );
      expect(result.code).toBe(1);
      const divergence = result.stdout.slice(result.stdout.indexOf('first divergence:')).split('\n');
      expect(divergence[0]).toMatch(
        /^first divergence: 02-client-timeout-retry, db-naive, seed \d+, PostgreSQL step \d+: lock wait: the model answered at once, the real server waits$/,
      );
      // Without the wait the model lets the insert through at once (the conflict would surface at COMMIT).
      expect(divergence[1]).toMatch(/^ {2}model: INSERT 1 \[\]$/);
      expect(divergence[2]).toMatch(
        /^ {2}real: {2}still waiting on a transaction id \(no row lock: a unique key\), blocked by backend \d+ \(service-\d\/tx\d+\)$/,
      );
      expect(divergence[3]).toBe('  the schedule around it:');
      expect(divergence.filter((line) => line.startsWith('    > '))).toHaveLength(1);
      expect(result.stdout).toMatch(
        /02-client-timeout-retry\s+db-naive\s+PostgreSQL\s+\d+\s+\d+\s+\d+\s+DIVERGES/,
      );
    } finally {
      modelSwitches.uniqueKeyWait = true;
    }
  }, 300_000);

  it("recovery-point's SERIALIZABLE phases: the real server's extra 40001s are counted under ssi-page-granularity, never hidden", async () => {
    const result = await runCli(
      'conform',
      '01',
      '--strategies',
      'recovery-point',
      '--seeds',
      '1',
      '--json',
      '--pg',
      cluster.url,
    );
    const report = JSON.parse(result.stdout) as {
      totals: { compared: number; agreed: number; excluded: Record<string, number> };
    };
    process.stdout.write(`conform recovery-point 01: ${JSON.stringify(report.totals)}\n`);
    expect(result.code).toBe(0);
    expect(report.totals.agreed).toBe(report.totals.compared);
    // The known gap: PostgreSQL locks index pages, the model rows; the rest of the schedule is not compared.
    expect(
      (report.totals.excluded['ssi-page-granularity'] ?? 0) +
        (report.totals.excluded['ssi-abort-earlier'] ?? 0),
    ).toBeGreaterThan(0);
  }, 300_000);
});
