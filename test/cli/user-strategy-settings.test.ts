/**
 * A user's strategy configured from a scenario file, as the README's example strategy is: the
 * setting reaches the run, a sweep varies it, and a wrong value or a section nobody can read is
 * told in one line with its path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const FIXTURE = './test/fixtures/user-strategy.ts';
const SCRATCH = mkdtempSync(join(tmpdir(), 'idemsim-user-settings-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** The service dies after the provider charged, before it cached the answer: the claim is left to expire. */
function scenarioFile(name: string, strategiesSection: string, extra = ''): string {
  const path = join(SCRATCH, name);
  writeFileSync(
    path,
    `title: Killed after charging
story: The service dies after the provider charged, before it cached the answer.
seeds: 1
horizon: 30s
workload: { payments: 4, arrivalRate: 5/s }
client: { timeout: 1s, retry: { attempts: 8, backoff: 500ms, backoffMax: 4s, jitter: equal } }
${strategiesSection}
faults:
  - { at: 0s, kind: crash-at, node: service-1, on: reply, peer: psp, nth: 3, restartAfter: 1s }
${extra}`,
  );
  return path;
}

/** The TTLs of the claims that expired, from the run's trace. */
function expiredClaimTtls(traceLines: string): number[] {
  return traceLines
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; key?: string; ttlMs?: number })
    .filter((entry) => entry.type === 'redis.expire' && entry.key?.startsWith('claim:'))
    .map((entry) => entry.ttlMs ?? -1);
}

describe("a user's strategy configured from a scenario file", () => {
  it('runs with the setting the file gives (claimTtl: 2s), and with its default without it', async () => {
    const configured = scenarioFile('configured.yaml', 'strategies:\n  redis-claim-409: { claimTtl: 2s }');
    const plain = scenarioFile('plain.yaml', '');
    const [withSetting, withDefault] = [
      await runCli('run', configured, '--strategy', FIXTURE, '--trace'),
      await runCli('run', plain, '--strategy', FIXTURE, '--trace'),
    ];
    expect([withSetting.code, withSetting.stderr, withDefault.code]).toEqual([0, '', 0]);
    const [shortTtls, defaultTtls] = [
      expiredClaimTtls(withSetting.stdout),
      expiredClaimTtls(withDefault.stdout),
    ];
    expect(shortTtls.length).toBeGreaterThan(0);
    expect(new Set(shortTtls)).toEqual(new Set([2000]));
    expect(new Set(defaultTtls)).toEqual(new Set([5000]));
  });

  it("checks the scenario's expectation of it", async () => {
    const path = scenarioFile(
      'expects.yaml',
      'strategies:\n  redis-claim-409: { claimTtl: 2s }',
      'expect: { redis-claim-409: ok }\n',
    );
    const { code, stdout, stderr } = await runCli(
      'compare',
      path,
      '--strategies',
      FIXTURE,
      '--json',
      '--jobs',
      '1',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(stdout) as { scenarios: Array<{ results: Array<{ expectation: unknown }> }> };
    expect(json.scenarios[0]?.results[0]?.expectation).toMatchObject({ expected: 'ok', holds: true });
  });

  it('refuses a wrong value before anything runs: one line with its path, exit 2', async () => {
    const path = scenarioFile(
      'wrong.yaml',
      'strategies:\n  redis-claim-409: { claimTtl: soon, claimTLL: 1s }',
    );
    const { code, stdout, stderr } = await runCli('run', path, '--strategy', FIXTURE);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `idemsim: ${path}: strategies.redis-claim-409.claimTtl: expected a duration like "5s" or "250ms", got "soon"\n` +
        `idemsim: ${path}: strategies.redis-claim-409.claimTLL: unknown setting; known: claimTtl, resultTtl\n`,
    });
  });

  it('runs without the strategy, saying its section is not used; validate refuses what it cannot check', async () => {
    const path = scenarioFile(
      'for-mine.yaml',
      'strategies:\n  redis-claim-409: { claimTtl: 2s }',
      'expect: { redis-claim-409: ok }\n',
    );
    const run = await runCli('run', path, '--strategy', 'none', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `idemsim: note: ${path}: strategies.redis-claim-409: no strategy "redis-claim-409" is built in or in this run, so this is not used (to run it, give its file)\n` +
        `idemsim: note: ${path}: expect.redis-claim-409: no strategy "redis-claim-409" is built in or in this run, so this is not checked (to run it, give its file)\n`,
    );

    const unchecked = await runCli('validate', path);
    expect({ code: unchecked.code, stdout: unchecked.stdout }).toEqual({ code: 2, stdout: '' });
    expect(unchecked.stderr).toBe(
      `idemsim: ${path}: strategies.redis-claim-409: no built-in strategy "redis-claim-409", and no --strategies file gives it; to check this, give its file: --strategies ./its-file.ts\n` +
        `idemsim: ${path}: expect.redis-claim-409: no built-in strategy "redis-claim-409", and no --strategies file gives it; to check this, give its file: --strategies ./its-file.ts\n`,
    );
    const checked = await runCli('validate', path, '--strategies', FIXTURE);
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    expect(checked.stdout).toMatch(/^ok: .*for-mine\.yaml \(for-mine: Killed after charging, 1 faults\)\n$/);

    const wrong = scenarioFile('wrong-too.yaml', 'strategies:\n  redis-claim-409: { resultTtl: -1s }');
    expect(await runCli('validate', wrong, '--strategies', FIXTURE)).toEqual({
      code: 2,
      stdout: '',
      stderr: `idemsim: ${wrong}: strategies.redis-claim-409.resultTtl: expected a duration like "5s" or "250ms", got "-1s"\n`,
    });
  });

  it("validate still checks the built-in strategies' settings without being told", async () => {
    const path = scenarioFile(
      'built-in.yaml',
      "strategies:\n  redis-setnx: { lockTtl: 5s, loserAnswer: 'maybe' }",
    );
    expect(await runCli('validate', path)).toEqual({
      code: 2,
      stdout: '',
      stderr: `idemsim: ${path}: strategies.redis-setnx.loserAnswer: expected "in-progress" or "409"\n`,
    });
  });

  it('is swept with --vary strategies.redis-claim-409.claimTtl, on worker threads as in this one', async () => {
    const path = scenarioFile('sweep.yaml', '');
    const argv = [
      'sweep',
      path,
      '--vary',
      'strategies.redis-claim-409.claimTtl=1s..20s',
      '--steps',
      '2',
      '--strategies',
      FIXTURE,
      '--csv',
    ];
    const [inThread, parallel] = [await runCli(...argv, '--jobs', '1'), await runCli(...argv, '--jobs', '2')];
    expect({ code: inThread.code, stderr: inThread.stderr }).toEqual({ code: 0, stderr: '' });
    expect(parallel.stdout).toBe(inThread.stdout);
    const rows = inThread.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const column = (name: string): number => rows[0]!.indexOf(name);
    expect(rows.slice(1).map((row) => row.slice(0, 5).join(','))).toEqual([
      'strategies.redis-claim-409.claimTtl,1000,ms,1s,redis-claim-409',
      'strategies.redis-claim-409.claimTtl,20000,ms,20s,redis-claim-409',
    ]);
    // A claim that outlives the client's retries strands the payment whose attempt died: more errors.
    const errors = rows.slice(1).map((row) => Number(row[column('clientErrorRate')]));
    expect(errors[1]).toBeGreaterThan(errors[0]!);
  });

  it('is not swept when its file is not given: one line saying how', async () => {
    const path = scenarioFile('sweep-unknown.yaml', '');
    const { code, stdout, stderr } = await runCli(
      'sweep',
      path,
      '--vary',
      'strategies.redis-claim-409.claimTtl=1s..20s',
      '--strategies',
      'none',
    );
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'idemsim: --vary strategies.redis-claim-409: unknown strategy "redis-claim-409"; built-in: none, db-naive, db-atomic, recovery-point, redis-setnx, kafka-eos (for your own, give its file with --strategies)\n',
    );
  });
});
