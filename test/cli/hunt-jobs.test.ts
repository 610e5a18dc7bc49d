/**
 * `idemsim hunt --jobs n` prints exactly what the one-thread hunt prints: with the find in the
 * second block (redis-setnx's first counterexample at seed 1 is case 10 of the stream), and with
 * no find at all (every block's runs added up). The blocks run on worker threads. With --time,
 * each worker searches a seed of its own (hunt-seed-pool.ts).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Worker threads compile the sources again (tsx): slow on a loaded machine. */
const TIMEOUT_MS = 120_000;

describe('idemsim hunt --jobs', () => {
  it(
    'finds, shrinks and reports a counterexample in a later block as one thread does',
    async () => {
      const hunt = (jobs: string) =>
        runCli('hunt', '-s', 'redis-setnx', '--runs', '16', '--json', '--jobs', jobs);
      const one = await hunt('1');
      expect(one.code).toBe(1);
      expect(JSON.parse(one.stdout)).toMatchObject({ hunt: { runs: 10 } }); // case 10: the second block of 2 (8-15)
      expect(await hunt('2')).toEqual(one);
    },
    TIMEOUT_MS,
  );

  it(
    'adds up the runs of blocks that found nothing',
    async () => {
      const hunt = (jobs: string) =>
        runCli('hunt', '-s', 'db-atomic', '--runs', '30', '--json', '--jobs', jobs);
      const one = await hunt('1');
      expect(one.code).toBe(0);
      expect(await hunt('3')).toEqual(one);
    },
    TIMEOUT_MS,
  );

  it(
    "splits a shard's block too, and writes the same shard file",
    async () => {
      const shard = (jobs: string) =>
        runCli('hunt', '-s', 'redis-setnx', '--runs', '16', '--shard', '2/2', '--jobs', jobs);
      const one = await shard('1');
      expect(JSON.parse(one.stdout)).toMatchObject({ outcome: { found: true, runs: 10 } });
      expect(await shard('2')).toEqual(one);
    },
    TIMEOUT_MS,
  );

  it(
    'searches on worker threads, a shard too (a property that refuses workers shows it)',
    async () => {
      const property = './test/fixtures/property-refuses-workers.ts';
      const hunt = (...extra: string[]) =>
        runCli('hunt', '-s', 'db-atomic', '--runs', '8', '--property', property, ...extra);
      expect((await hunt('--jobs', '1')).code).toBe(0);
      for (const pooled of [await hunt('--jobs', '2'), await hunt('--jobs', '2', '--shard', '1/2')]) {
        expect(pooled.stdout).toBe('');
        expect(pooled.stderr).toContain('this property refuses to load on a worker thread');
        expect(pooled.code).not.toBe(0);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'with --time, searches a seed per worker; a find names its seed and replays in one thread',
    async () => {
      const pooled = await runCli('hunt', '-s', 'none', '--time', '20s', '--jobs', '2', '--json');
      expect(pooled.code).toBe(1);
      const found = JSON.parse(pooled.stdout) as {
        hunt: { seed: number; runs: number };
        counterexample: { scenarioYaml: string };
        coverage: { cases: number };
      };
      expect([1, 2]).toContain(found.hunt.seed);
      // The other search's cases count too, up to the moment the find stopped it.
      expect(found.coverage.cases).toBeGreaterThanOrEqual(found.hunt.runs);
      const replay = await runCli(
        ...[
          'hunt',
          '-s',
          'none',
          '--seed',
          String(found.hunt.seed),
          '--runs',
          String(found.hunt.runs),
          '--json',
        ],
      );
      expect(replay.code).toBe(1);
      expect(JSON.parse(replay.stdout)).toMatchObject({
        hunt: { seed: found.hunt.seed, runs: found.hunt.runs },
        counterexample: { scenarioYaml: found.counterexample.scenarioYaml },
      });
    },
    TIMEOUT_MS,
  );

  it(
    'with --time, searches that all held are one hunt: their runs and coverage added up, every seed named',
    async () => {
      const pooled = await runCli('hunt', '-s', 'db-atomic', '--time', '2s', '--jobs', '2', '--seed', '5');
      expect(pooled.code).toBe(0);
      const [first] = pooled.stdout.split('\n');
      expect(first).toMatch(
        /^hunt: db-atomic held no-double-charge in all (\d+) runs before the time ran out \(hunt seeds 5-6, one per worker thread\)\.$/,
      );
      const runs = /in all (\d+) runs/.exec(first ?? '')?.[1];
      expect(pooled.stdout).toContain(`Covered by the search: ${runs} cases.`);
      const json = await runCli('hunt', '-s', 'db-atomic', '--time', '1s', '--jobs', '2', '--json');
      expect(JSON.parse(json.stdout)).toMatchObject({
        found: false,
        hunt: { seed: 1, seeds: [1, 2], interrupted: true },
      });
    },
    TIMEOUT_MS,
  );
});
