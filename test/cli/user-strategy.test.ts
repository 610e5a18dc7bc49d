import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStrategyPath } from '../../src/cli/load-strategy-module.js';
import { runCli } from './run-cli.js';

const FIXTURE = './test/fixtures/user-strategy.ts';
const SCRATCH = mkdtempSync(join(tmpdir(), 'idemsim-user-strategy-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

function scratchModule(name: string, text: string): string {
  const path = join(SCRATCH, name);
  writeFileSync(path, text);
  return path;
}

/** Every member right, so each malformed module below differs from it in one way only. */
function strategySource(overrides: Record<string, string> = {}): string {
  const members: Record<string, string> = {
    name: "'scratch'",
    summary: "'Charges on every request'",
    assumes: "'Nothing repeats'",
    breaksUnder: "'Every retry'",
    defaults: '{}',
    handle: 'function* (request, ctx) { return { status: 201, body: yield* ctx.psp.charge(request.body) }; }',
    ...overrides,
  };
  const body = Object.entries(members)
    .filter(([, value]) => value !== '')
    .map(([member, value]) => `  ${member}: ${value},`)
    .join('\n');
  return `export const strategy = {\n${body}\n};\n`;
}

describe('a user strategy loaded from a file', () => {
  it('is chosen by a reference with a slash or a module extension; anything else is a built-in name', () => {
    expect(
      ['none', 'db-atomic', 'my.ts', 'my.js', 'my.mjs', './my', 'dir/my', '/abs/my.ts'].map(isStrategyPath),
    ).toEqual([false, false, true, true, true, true, true, true]);
  });

  it('runs through a scenario by path, and --json names it', async () => {
    const { code, stdout, stderr } = await runCli('run', '01-happy-path', '--strategy', FIXTURE, '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({
      scenario: '01-happy-path',
      strategy: 'redis-claim-409',
      doubleCharges: 0,
    });
  });

  it('holds where the client retries after timeouts, and the replay line names its file', async () => {
    const { code, stdout } = await runCli(
      'run',
      '02',
      '--strategy',
      FIXTURE,
      '--payments',
      '20',
      '--seed',
      '3',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('double charges  0');
    expect(stdout).toContain(
      `replay: idemsim run 02-client-timeout-retry --strategy ${FIXTURE} --seed 3 --payments 20`,
    );
  });

  it('compares alongside built-in strategies', async () => {
    const { code, stdout, stderr } = await runCli(
      'compare',
      '01',
      '--strategies',
      `none,${FIXTURE}`,
      '--seeds',
      '1',
      '--payments',
      '3',
      '--json',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.stringify(JSON.parse(stdout))).toContain('"strategy":"none"');
    expect(JSON.stringify(JSON.parse(stdout))).toContain('"strategy":"redis-claim-409"');
  });

  it('loads plain JavaScript (.mjs) too, with the strategy as the only export', async () => {
    const path = scratchModule(
      'plain.mjs',
      strategySource({ name: "'plain-js'" }).replace('export const strategy', 'export const mine'),
    );
    const { code, stdout } = await runCli('run', '01', '--strategy', path, '--payments', '2', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ strategy: 'plain-js', payments: 2 });
  });

  const malformed: ReadonlyArray<readonly [string, string, string, RegExp]> = [
    [
      'missing handle',
      'no-handle.ts',
      strategySource({ handle: '' }),
      /: the exported strategy has no handle\(request, ctx\) generator method; see README "Write your own strategy"$/,
    ],
    [
      'no export',
      'no-export.ts',
      'const strategy = 1;\nexport {};\n',
      /: the module exports no strategy \(an object with name, summary and handle\)/,
    ],
    [
      'a syntax error',
      'no-compile.ts',
      'export const strategy = { name: ;\n',
      /: could not be loaded: .*no-compile\.ts:1:\d+: ERROR: /,
    ],
    [
      'a name clashing with a built-in',
      'clash.ts',
      strategySource({ name: "'none'" }),
      /: the exported strategy has name "none", which a built-in strategy already uses/,
    ],
    [
      'an async handle',
      'async.ts',
      strategySource({ handle: 'async (request) => ({ status: 201, body: null })' }),
      /has an async handle; write it as a generator \(\*handle\)/,
    ],
    [
      'a throw while loading',
      'throws.ts',
      "throw new Error('no config\\nmore detail');\n",
      /: could not be loaded: no config$/,
    ],
  ];

  it.each(malformed)(
    '%s: exit 2, one line on stderr naming the problem, nothing on stdout',
    async (_label, file, source, message) => {
      const path = scratchModule(file, source);
      for (const argv of [
        ['run', '01', '--strategy', path],
        ['compare', '01', '--strategies', `none,${path}`],
      ]) {
        const { code, stdout, stderr } = await runCli(...argv);
        expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
        expect(stderr.endsWith('\n') && stderr.split('\n').length === 2).toBe(true);
        expect(stderr.startsWith(`idemsim: ${path}: `)).toBe(true);
        expect(stderr.trimEnd()).toMatch(message);
      }
    },
  );

  it('a missing file: exit 2, says so', async () => {
    const { code, stdout, stderr } = await runCli('run', '01', '--strategy', './no/such-strategy.ts');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^idemsim: \.\/no\/such-strategy\.ts: no such file \(paths are read from .*\)\n$/);
  });

  it('two strategies with one name in a comparison: exit 2', async () => {
    const copy = scratchModule('copy.ts', strategySource({ name: "'redis-claim-409'" }));
    const { code, stdout, stderr } = await runCli('compare', '01', '--strategies', `${FIXTURE},${copy}`);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      `idemsim: --strategies: ${FIXTURE} and ${copy} are both strategy "redis-claim-409"; list each once\n`,
    );
  });

  it('the help of run and compare mentions file paths', async () => {
    expect((await runCli('run', '--help')).stdout).toContain('--strategy ./my-strategy.ts');
    expect((await runCli('compare', '--help')).stdout).toContain('redis-setnx,./my-strategy.ts');
  });
});
