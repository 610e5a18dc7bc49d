import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './run-cli.js';

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'idemsim-shard-'));
}

/** Runs `argv --shard i/n --out dir/shard-i.json` for every i; returns the files. */
async function runShards(dir: string, count: number, argv: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (let index = 1; index <= count; index++) {
    const file = join(dir, `shard-${index}.json`);
    const result = await runCli(...argv, '--shard', `${index}/${count}`, '--out', file);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: `wrote ${file}\n`,
    });
    files.push(file);
  }
  return files;
}

function outputOf(result: CliResult): { code: number; stdout: string; stderr: string } {
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

describe('idemsim merge of compare shards', () => {
  const compareArgv = ['compare', '01', '02', '04', '--seeds', '2', '--payments', '5', '--jobs', '1'];

  it('3 shards merge to exactly the bytes and exit code of the unsharded compare, in every format', async () => {
    const dir = scratchDir();
    const files = await runShards(dir, 3, compareArgv);
    for (const format of [[], ['--json'], ['--csv'], ['--markdown']]) {
      const whole = await runCli(...compareArgv, ...format);
      const merged = await runCli('merge', ...files, ...format);
      expect(outputOf(merged)).toEqual(outputOf(whole));
      expect(whole.stdout.length).toBeGreaterThan(500);
    }
    const wholeOut = join(dir, 'whole.md');
    const mergedOut = join(dir, 'merged.md');
    const whole = await runCli(...compareArgv, '--markdown', '--out', wholeOut);
    const merged = await runCli('merge', ...files, '--markdown', '--out', mergedOut);
    expect(merged.code).toBe(whole.code);
    expect(readFileSync(mergedOut, 'utf8')).toBe(readFileSync(wholeOut, 'utf8'));
  });

  it('every shard holds some series, and the order of the files given does not matter', async () => {
    const dir = scratchDir();
    const files = await runShards(dir, 3, compareArgv);
    for (const file of files) {
      const shard = JSON.parse(readFileSync(file, 'utf8')) as { series: unknown[]; version: number };
      expect(shard.version).toBe(1);
      expect(shard.series.length).toBeGreaterThan(0);
    }
    const forward = await runCli('merge', ...files, '--json');
    const backward = await runCli('merge', ...[...files].reverse(), '--json');
    expect(backward.stdout).toBe(forward.stdout);
  });

  it('a scenario whose expectation fails exits 1 after the merge as it does unsharded', async () => {
    // 04 with one seed of 2 payments: too few for its expected harms to show.
    const argv = ['compare', '04', '--seeds', '1', '--payments', '2', '--jobs', '1'];
    const files = await runShards(scratchDir(), 2, argv);
    const whole = await runCli(...argv);
    const merged = await runCli('merge', ...files);
    expect(whole.code).toBe(1);
    expect(outputOf(merged)).toEqual(outputOf(whole));
  });
});

describe('idemsim merge of sweep shards', () => {
  const sweepArgv = [
    'sweep',
    '05',
    '--vary',
    'strategies.redis-setnx.lockTtl=1s..4s',
    '--steps',
    '3',
    '--strategies',
    'redis-setnx,db-atomic',
    '--seeds',
    '2',
    '--payments',
    '4',
    '--jobs',
    '1',
  ];

  it('3 shards merge to exactly the bytes of the unsharded sweep: chart, --json and --csv', async () => {
    const files = await runShards(scratchDir(), 3, sweepArgv);
    for (const format of [[], ['--json'], ['--csv']]) {
      const whole = await runCli(...sweepArgv, ...format);
      const merged = await runCli('merge', ...files, ...format);
      expect(outputOf(merged)).toEqual(outputOf(whole));
      expect(whole.stdout.length).toBeGreaterThan(300);
    }
  });
});

describe('idemsim merge of hunt shards', () => {
  // Seed 1 first fails `none` at case 1 (its second), and shrinks it in a few dozen runs: shards
  // of one case each put that find in shard 2, between two shards that find nothing.
  // (A hunt whose shrinking outlasts its 60 s time limit on a loaded machine is not repeatable.)
  const huntArgv = ['hunt', '--strategy', 'none', '--runs', '3'];

  it('the earliest find, in shard 2 of 3, merges to the unsharded counterexample, text and --json', async () => {
    const argv = huntArgv;
    const files = await runShards(scratchDir(), 3, argv);
    const shards = files.map(
      (file) => JSON.parse(readFileSync(file, 'utf8')) as { outcome: { found: boolean } },
    );
    expect(shards.map((shard) => shard.outcome.found)).toEqual([false, true, false]);
    for (const format of [[], ['--json']]) {
      const whole = await runCli(...argv, ...format);
      const merged = await runCli('merge', ...files, ...format);
      expect(whole.code).toBe(1);
      expect(outputOf(merged)).toEqual(outputOf(whole));
    }
  }, 120_000);

  it('merge --out writes the counterexample file the unsharded hunt --out writes', async () => {
    const dir = scratchDir();
    const argv = huntArgv;
    const files = await runShards(dir, 2, argv);
    const wholeOut = join(dir, 'whole.yaml');
    const mergedOut = join(dir, 'merged.yaml');
    const whole = await runCli(...argv, '--out', wholeOut);
    const merged = await runCli('merge', ...files, '--out', mergedOut);
    expect(merged.code).toBe(whole.code);
    expect(merged.stdout).toBe(whole.stdout.replaceAll(wholeOut, mergedOut));
    expect(readFileSync(mergedOut, 'utf8')).toBe(readFileSync(wholeOut, 'utf8'));
  }, 120_000);

  it('nothing found: the merged verdict counts every shard’s runs, as the unsharded hunt does', async () => {
    const argv = ['hunt', '--strategy', 'redis-setnx', '--runs', '8'];
    // 3 shards of 8 cases: blocks of 2, 3 and 3; and 10 shards leave some blocks empty.
    for (const count of [3, 10]) {
      const files = await runShards(scratchDir(), count, argv);
      const whole = await runCli(...argv);
      const merged = await runCli('merge', ...files);
      expect(whole.code).toBe(0);
      expect(outputOf(merged)).toEqual(outputOf(whole));
    }
  }, 60_000);
});

describe('idemsim merge refuses a set that is not one run', () => {
  const argv = [
    'compare',
    '01',
    '--seeds',
    '2',
    '--payments',
    '3',
    '--strategies',
    'none,db-atomic',
    '--jobs',
    '1',
  ];

  async function refusal(...args: string[]): Promise<string> {
    const result = await runCli(...args);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')).toHaveLength(2);
    return result.stderr;
  }

  it('a missing shard, a shard given twice, other options, another command, another version', async () => {
    const dir = scratchDir();
    const [one, two, three] = (await runShards(dir, 3, argv)) as [string, string, string];
    expect(await refusal('merge', one, three)).toBe(
      'idemsim: merge: shard 2/3 missing: merge needs all 3 shards of the run\n',
    );
    expect(await refusal('merge', one, two, two, three)).toBe(
      `idemsim: merge: shard 2/3 is given twice: ${two} and ${two}\n`,
    );
    const [otherSeeds] = await runShards(scratchDir(), 3, [...argv, '--seeds', '3']);
    expect(await refusal('merge', one, otherSeeds as string, three)).toBe(
      `idemsim: merge: ${otherSeeds} ran with a different seedCount than ${one}: merge only shards of one run, all run with the same options\n`,
    );
    const [twoOfTwo] = (await runShards(scratchDir(), 2, argv)).slice(1);
    expect(await refusal('merge', one, twoOfTwo as string)).toBe(
      `idemsim: merge: ${twoOfTwo} is shard 2/2 but ${one} is one of 3\n`,
    );
    const hunt = (
      await runShards(scratchDir(), 3, ['hunt', '--strategy', 'none', '--runs', '3'])
    )[1] as string;
    expect(await refusal('merge', one, hunt, three)).toBe(
      `idemsim: merge: ${hunt} is a hunt shard but ${one} is a compare shard\n`,
    );
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...JSON.parse(readFileSync(two, 'utf8')), version: 2 }));
    expect(await refusal('merge', one, future, three)).toBe(
      `idemsim: merge: ${future} is shard format version 2; this idemsim reads version 1: run every shard with the same idemsim\n`,
    );
    const notShard = join(dir, 'not.json');
    writeFileSync(notShard, '{"scenarios": []}');
    expect(await refusal('merge', notShard)).toBe(
      `idemsim: merge: ${notShard} is not an idemsim shard file (write one with --shard i/n)\n`,
    );
    expect(await refusal('merge', join(dir, 'absent.json'))).toBe(
      `idemsim: merge: cannot read ${join(dir, 'absent.json')}: ENOENT\n`,
    );
  }, 60_000);

  it('--shard takes i/n, writes data (no output format), and a hunt shard needs --runs, not --time', async () => {
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) {
      const result = await runCli(...argv, '--shard', bad);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected i/n with 1 <= i <= n <= 1000, like 1/3 (shard 1 of 3).');
    }
    expect(await refusal(...argv, '--shard', '1/2', '--csv')).toBe(
      'idemsim: --shard writes a shard file; give --csv to `idemsim merge`, which prints the result\n',
    );
    expect(await refusal('hunt', '--strategy', 'none', '--time', '1s', '--shard', '1/2')).toBe(
      'idemsim: --shard splits a hunt by its --runs cases; --time has none to split: give --runs instead\n',
    );
  });
});
