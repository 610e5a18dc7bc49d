import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden', 'compare-01-02.json');
/** The same command's output before the service recorded its payments (kept, never regenerated). */
const GOLDEN_BARE_SERVICE = join(import.meta.dirname, '..', 'golden', 'compare-01-02-bare-service.json');
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');

function scratchFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idemsim-')), name);
  writeFileSync(path, text);
  return path;
}

describe('idemsim compare', () => {
  it('--json at fixed seeds matches the golden file byte for byte', async () => {
    const { code, stdout, stderr } = await runCli(
      'compare',
      '01',
      '02',
      '--seeds',
      '3',
      '--payments',
      '8',
      '--json',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, stdout);
    expect(stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('service.recordPayments: false gives back, byte for byte, the bare service that recorded nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idemsim-'));
    const happy = `${readFileSync(join(SCENARIOS, '01-happy-path.yaml'), 'utf8')}service: { recordPayments: false }\n`;
    const retry = readFileSync(join(SCENARIOS, '02-client-timeout-retry.yaml'), 'utf8').replace(
      'service: { providerTimeout: 15s }',
      'service: { providerTimeout: 15s, recordPayments: false }',
    );
    expect(retry).toContain('recordPayments: false');
    writeFileSync(join(dir, '01-happy-path.yaml'), happy);
    writeFileSync(join(dir, '02-client-timeout-retry.yaml'), retry);
    const { code, stdout, stderr } = await runCli(
      'compare',
      join(dir, '01-happy-path.yaml'),
      join(dir, '02-client-timeout-retry.yaml'),
      '--seeds',
      '3',
      '--payments',
      '8',
      '--json',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN_BARE_SERVICE, stdout);
    expect(stdout).toBe(readFileSync(GOLDEN_BARE_SERVICE, 'utf8'));
  });

  it('worker threads change nothing: --jobs 2 prints the same bytes as --jobs 1', async () => {
    const argv = [
      'compare',
      '01',
      '04',
      '--seeds',
      '2',
      '--payments',
      '4',
      '--json',
      '--strategies',
      'none,db-atomic,kafka-eos',
    ];
    const [parallel, inThread] = [await runCli(...argv, '--jobs', '2'), await runCli(...argv, '--jobs', '1')];
    expect(parallel.code).toBe(inThread.code);
    expect(parallel.stdout).toBe(inThread.stdout);
    expect(parallel.stdout.length).toBeGreaterThan(1000);
  });

  it('the table shows each scenario, a verdict per strategy and the mechanism matrix', async () => {
    const { code, stdout } = await runCli(
      'compare',
      '02',
      '--seeds',
      '2',
      '--payments',
      '5',
      '--strategies',
      'none',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      '02-client-timeout-retry  Client timeout shorter than the provider tail  (2 seeds × 5 payments)',
    );
    expect(stdout).toMatch(/│ strategy +│ verdict +│ double charges +│/);
    expect(stdout).toContain('Verdict per strategy');
    expect(stdout).toContain('Which mechanism broke which strategy');
  });

  it('exits 1 when a stated expectation does not hold, and says which in the table', async () => {
    const path = scratchFile(
      'wrong.yaml',
      'title: Wrong on purpose\nstory: Expects none to be safe under slow charges.\nseeds: 2\n' +
        'client: { timeout: 100ms }\nprovider: { latency: 500ms }\nexpect: { none: ok }\n',
    );
    const { code, stdout, stderr } = await runCli('compare', path);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ ok');
    // And says why on stderr, so the table (or the JSON) on stdout stays what was asked for.
    expect(stderr).toContain(
      'idemsim: 1 stated expectation did not hold (exit code 1):\n  wrong / none: expected ok, saw D\n',
    );
    const json = await runCli('compare', path, '--json');
    expect(json.code).toBe(1);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(json.stderr).toContain('  wrong / none: expected ok, saw D\n');
  });

  it('--csv prints one row per scenario and strategy, plain numbers in separate columns', async () => {
    const { code, stdout } = await runCli(
      'compare',
      '02',
      '--seeds',
      '2',
      '--payments',
      '10',
      '--csv',
      '--strategies',
      'none',
      '--jobs',
      '1',
    );
    // The table's cell "2/20 (0.0%–20.0%)" is doubleCharges, doubleChargeRate (min, max);
    // "294.4ms / 1.71s" is latencyP50Ms, latencyP99Ms; "✓ D" is expected, expectationHolds.
    expect({ code, lines: stdout.split('\n') }).toEqual({
      code: 0,
      lines: [
        'scenario,strategy,seeds,payments,charges,doubleCharges,doubleChargeRate,doubleChargeRateMin,doubleChargeRateMax,overchargedAmount,lostPayments,chargedButFailed,toldPaidEarly,wrongReplays,stuck,clientErrorRate,latencyP50Ms,latencyP99Ms,finalityP99Ms,verdict,exercised,expected,expectationHolds',
        '02-client-timeout-retry,none,2,20,22,2,0.1,0,0.2,2000,0,0,0,0,0,0.090909,294.399,1705.236,1516.783,unsafe,true,double-charge,true',
        '',
      ],
    });
  });

  it('--csv says untouched with exercised false, and leaves expected empty where a file states none', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'idemsim-')), 'plain.yaml');
    writeFileSync(path, 'title: x\nstory: y\n');
    const run = (scenario: string) =>
      runCli('compare', scenario, '--seeds', '1', '--payments', '3', '--csv', '--strategies', 'none');
    const [bundled, plain] = [await run('01'), await run(path)];
    expect(bundled.stdout.split('\n')[1]).toBe(
      '01-happy-path,none,1,3,3,0,0,0,0,0,0,0,0,0,0,0,106.367,126.746,117.889,safe,false,untouched,true',
    );
    expect(plain.stdout.split('\n')[1]).toMatch(/^plain,none,1,3,3,(\d|\.|,)*,safe,false,,$/);
  });

  it('--out writes the whole result to the file and tells stderr', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'idemsim-')), 'result.md');
    const { code, stdout, stderr } = await runCli(
      'compare',
      '01',
      '--seeds',
      '1',
      '--payments',
      '2',
      '--markdown',
      '--out',
      path,
    );
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: `wrote ${path}\n` });
    expect(readFileSync(path, 'utf8')).toMatch(
      /^### 01-happy-path: A healthy system\n\n\| strategy \| verdict \|/,
    );
    expect(existsSync(`${path}.tmp-${process.pid}`)).toBe(false);
  });

  it.each([
    [['compare', '--json', '--csv'], /choose one output format, not --json and --csv/],
    [['compare', '--strategies', 'none,nope'], /unknown strategy "nope"/],
    [['compare', 'nowhere'], /no scenario "nowhere"/],
    [['compare', '--seeds', '0'], /expected a whole number of 1 or more/],
  ])('bad input %j: exit 2 with one line saying what is wrong', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(...argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
  });
});

describe('bad scenario files: one clear line, exit 2, no stack trace', () => {
  it.each([
    ['malformed YAML', 'title: x\nstory: [unclosed\n', /^idemsim: .*bad\.yaml: line \d+, column \d+: .+\n$/],
    [
      'a negative duration',
      'title: x\nstory: y\nclient: { timeout: -1s }\n',
      /client\.timeout: expected a duration like "1\.5s" or "250ms", got "-1s"\n$/,
    ],
    [
      'an unknown field',
      'title: x\nstory: y\nworkload: { paymets: 5 }\n',
      /workload\.paymets: unknown field \(check the spelling\)\n$/,
    ],
    [
      "a built-in strategy's setting",
      'title: x\nstory: y\nstrategies: { redis-setnx: { lockTtl: forever } }\n',
      /strategies\.redis-setnx\.lockTtl: expected a duration like "5s" or "250ms", got "forever"\n$/,
    ],
  ])('%s', async (_what, yaml, message) => {
    const path = scratchFile('bad.yaml', yaml);
    const { code, stdout, stderr } = await runCli('compare', path);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an expectation for a strategy that is neither built in nor given: a note, and the run goes on', async () => {
    const path = scratchFile('magic.yaml', 'title: x\nstory: y\nexpect: { magic: ok }\n');
    const { code, stderr } = await runCli(
      'compare',
      path,
      '--strategies',
      'none',
      '--seeds',
      '1',
      '--payments',
      '2',
    );
    expect({ code, stderr }).toEqual({
      code: 0,
      stderr: `idemsim: note: ${path}: expect.magic: no strategy "magic" is built in or in this run, so this is not checked (to run it, give its file)\n`,
    });
  });

  it('a missing file', async () => {
    const { code, stdout, stderr } = await runCli('run', './no/such/scenario.yaml');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(
      /^idemsim: cannot read scenario file .*no\/such\/scenario\.yaml; check the path\n$/,
    );
  });
});

describe('idemsim validate and list', () => {
  it('validate says ok for a good file and lists every problem of a bad one', async () => {
    const good = await runCli('validate', '02');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^ok: .*02-client-timeout-retry\.yaml \(02-client-timeout-retry: Client timeout/,
    );
    const path = scratchFile(
      'bad.yaml',
      'title: Bad\nstory: Bad.\nworkload: { payments: -1 }\nfaults: [{ at: soon, kind: crash, node: psp }]\n',
    );
    const bad = await runCli('validate', path);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `idemsim: ${path}: workload.payments: expected a whole number of 1 or more\n` +
        `idemsim: ${path}: faults[0].at: expected a duration like "1.5s" or "250ms", got "soon"\n`,
    );
  });

  it('list names every strategy and bundled scenario', async () => {
    const { code, stdout } = await runCli('list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Strategies\n {2}none +Charge on every request/);
    expect(stdout).toMatch(
      /Scenarios \(bundled, in teaching order\)\n {2}01-happy-path +A healthy system\n {2}02-client-timeout-retry/,
    );
  });
});
