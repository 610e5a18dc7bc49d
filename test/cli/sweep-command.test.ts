import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// In this thread: a worker's start under tsx costs seconds, and one test below checks the pool.
const SMALL = ['--steps', '2', '--seeds', '1', '--payments', '3', '--jobs', '1'];

describe('idemsim sweep', () => {
  it('draws a chart per metric against the setting, with the numbers under each', async () => {
    const { code, stdout, stderr } = await runCli(
      'sweep',
      '01',
      '--vary',
      'client.timeout=500ms..1s',
      ...SMALL,
      '--strategies',
      'none,db-atomic',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '01-happy-path  A healthy system',
      'client.timeout from 500ms to 1s, 2 values  (1 seed × 3 payments at each value)',
    ]);
    expect(lines.filter((line) => /^[A-Z]/.test(line))).toEqual([
      'Double-charge rate: payments charged more than once',
      'Client error rate: attempts that met an error (an error status, a timeout, a refused connection)',
      "Latency p99: from each payment's start to the client's last answer",
    ]);
    expect(lines.filter((line) => /^ +timeout {2}500ms +1s$/.test(line))).toHaveLength(3);
    expect(lines.filter((line) => /^● none +0\.0% +0\.0%$/.test(line))).toHaveLength(2);
    expect(stdout).not.toMatch(/\x1b\[/);
  });

  it('--csv: one row per value and strategy; --json the same numbers, and worker threads change no byte', async () => {
    const argv = [
      'sweep',
      '05',
      '--vary',
      'strategies.redis-setnx.lockTtl=1s..5s',
      ...SMALL,
      '--strategies',
      'redis-setnx,db-atomic',
    ];
    const csv = await runCli(...argv, '--csv');
    expect(csv.code).toBe(0);
    const rows = csv.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(',').slice(0, 8).join(','));
    expect(rows).toEqual([
      'field,value,unit,label,strategy,seeds,payments,doubleCharges',
      expect.stringMatching(/^strategies\.redis-setnx\.lockTtl,1000,ms,1s,redis-setnx,1,3,\d+$/),
      'strategies.redis-setnx.lockTtl,1000,ms,1s,db-atomic,1,3,0',
      'strategies.redis-setnx.lockTtl,5000,ms,5s,redis-setnx,1,3,0',
      'strategies.redis-setnx.lockTtl,5000,ms,5s,db-atomic,1,3,0',
    ]);
    const [inThread, parallel] = [
      await runCli(...argv, '--json'),
      await runCli(...argv, '--json', '--jobs', '2'),
    ]; // the last --jobs wins
    expect(parallel.stdout).toBe(inThread.stdout);
    const json = JSON.parse(inThread.stdout) as {
      vary: unknown;
      seeds: number[];
      points: Array<{ label: string; results: Array<{ strategy: string }> }>;
    };
    expect(json.vary).toEqual({ field: 'strategies.redis-setnx.lockTtl', kind: 'duration', unit: 'ms' });
    expect(json.seeds).toEqual([1]);
    expect(json.points.map((point) => [point.label, point.results.map((result) => result.strategy)])).toEqual(
      [
        ['1s', ['redis-setnx', 'db-atomic']],
        ['5s', ['redis-setnx', 'db-atomic']],
      ],
    );
  });

  it('--out writes the whole result to the file and tells stderr', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'idemsim-')), 'sweep.csv');
    const { code, stdout, stderr } = await runCli(
      'sweep',
      '01',
      '--vary',
      'workload.payments=2..3',
      '--steps',
      '2',
      '--seeds',
      '1',
      '--jobs',
      '1',
      '--strategies',
      'none',
      '--csv',
      '--out',
      path,
    );
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: `wrote ${path}\n` });
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line) => line.split(',').slice(0, 7).join(',')),
    ).toEqual([
      'field,value,unit,label,strategy,seeds,payments',
      'workload.payments,2,,2,none,1,2',
      'workload.payments,3,,3,none,1,3',
      '',
    ]);
  });

  it('--help teaches: what a field is, the units, examples', async () => {
    const { code, stdout } = await runCli('sweep', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: idemsim sweep [options] <scenario>');
    expect(stdout).toContain('The field is a path in the scenario file, written as in the YAML:');
    expect(stdout).toContain(
      'idemsim sweep 05 --vary strategies.redis-setnx.lockTtl=1s..8s --strategies redis-setnx,db-atomic',
    );
  });

  it.each([
    [
      ['--vary', 'client.timeout'],
      'idemsim: --vary client.timeout: expected field=from..to, like --vary strategies.redis-setnx.lockTtl=1s..60s\n',
    ],
    [
      ['--vary', 'client.timeout=1s-5s'],
      'idemsim: --vary client.timeout=1s-5s: write the range as from..to with two dots, like client.timeout=1..8 or client.timeout=1s..60s\n',
    ],
    [
      ['--vary', 'client.timeout=5s..1s'],
      'idemsim: --vary client.timeout=5s..1s: from is above to; write the smaller value first (1s..5s)\n',
    ],
    [
      ['--vary', 'client.timout=1s..5s'],
      'idemsim: --vary client.timout: unknown field (check the spelling); did you mean client.timeout?\n',
    ],
    [
      ['--vary', 'lockTtl=1s..5s'],
      'idemsim: --vary lockTtl: unknown field (check the spelling); did you mean strategies.redis-setnx.lockTtl?\n',
    ],
    [
      ['--vary', 'strategies.redis-setnx.ttl=1s..5s'],
      'idemsim: --vary strategies.redis-setnx.ttl: unknown setting; known: lockTtl, resultTtl, loserAnswer, whenUnavailable; did you mean strategies.redis-setnx.lockTtl, strategies.redis-setnx.resultTtl?\n',
    ],
    [
      ['--vary', 'client.retry.attempts=1s..5s'],
      'idemsim: --vary client.retry.attempts is a whole number: write values like 1..8 (got "1s")\n',
    ],
    [
      ['--vary', 'workload.payments=1..5', '--payments', '3'],
      'idemsim: --payments and --vary workload.payments both set the payments per run; drop --payments\n',
    ],
    [
      ['--vary', 'client.timeout=1s..5s', '--json', '--csv'],
      'idemsim: choose one output format, not --json and --csv\n',
    ],
    [
      ['--vary', 'client.timeout=1s..5s', '--strategies', 'nope'],
      'idemsim: unknown strategy "nope"; try one of: none, db-naive, db-atomic, recovery-point, redis-setnx, kafka-eos\n',
    ],
    [
      ['--vary', 'client.timeout=1s..5s', '--steps', '1'],
      "error: option '--steps <n>' argument '1' is invalid. expected a whole number from 2 to 50 (both ends of the range count).\n(add --help for usage)\n",
    ],
    [[], "error: required option '--vary <field=from..to>' not specified\n(add --help for usage)\n"],
  ])('bad input %j: exit 2, says what is wrong, writes nothing', async (argv, message) => {
    const path = join(mkdtempSync(join(tmpdir(), 'idemsim-')), 'never.txt');
    const { code, stdout, stderr } = await runCli('sweep', '05', ...argv, '--out', path);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
    expect(existsSync(path)).toBe(false);
  });

  it('a scenario that does not exist', async () => {
    const { code, stderr } = await runCli('sweep', 'nowhere', '--vary', 'client.timeout=1s..2s');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^idemsim: no scenario "nowhere"; bundled: 01-happy-path, /);
  });
});
