/**
 * `idemsim hunt --jobs n` prints exactly what the one-thread hunt prints: with the find in the
 * second block (redis-setnx's first counterexample at seed 1 is case 10 of the stream), and with
 * no find at all (every block's runs added up). The blocks run on worker threads.
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

  it('refuses --jobs with --time, in one line', async () => {
    const result = await runCli('hunt', '-s', 'none', '--time', '1s', '--jobs', '2');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'idemsim: --jobs splits a hunt by its --runs cases; --time has none to split: give --runs instead, or drop --jobs\n',
    });
  });
});
