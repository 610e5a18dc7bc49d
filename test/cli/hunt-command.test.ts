import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchedMax } from '../../src/cli/commands/hunt-command.js';
import { runCli } from './run-cli.js';

describe('idemsim hunt', () => {
  it('prints the smallest counterexample, the commands that replay it and its story; exit 1', async () => {
    const { code, stdout, stderr } = await runCli('hunt', '--strategy', 'none');
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout).toMatchInlineSnapshot(`
      "hunt: none breaks no-double-charge: 1 payment charged more than once (pay-1: ch_1, ch_2).
      Found at run 2 (hunt seed 1); shrunk 24 times to 1 payment, with 1 fault and 0 other changes added to the base scenario.

      The counterexample as a scenario file (save it as hunt-none.yaml to run it again):

      # hunt-none.yaml
      name: hunt-none
      title: 'Counterexample: none breaks "no payment is charged twice"'
      story: |-
        Found by idemsim hunt (fast-check seed 1, run 2, shrunk 24 times): the smallest case the search
        shrank to in which none breaks "no payment is charged twice". 1 payment. At 0ms service-1 is set
        to pause (stop-the-world) for 871ms when the 1st reply from postgres reaches it. What broke: 1
        payment charged more than once (pay-1: ch_1, ch_2).
      seed: 2147483620
      seeds: 1
      workload:
        payments: 1
      faults:
        - {
            at: 0ms,
            kind: pause-at,
            node: service-1,
            on: reply,
            peer: postgres,
            nth: 1,
            duration: 871ms
          }

      replay:  idemsim run hunt-none.yaml --strategy none --seed 2147483620
      explain: idemsim explain hunt-none.yaml --strategy none --seed 2147483620 --payment pay-1

      What happened to pay-1 (charged 2 times (ch_1, ch_2)):

        t=0.000s  client sends POST /payments to lb
        t=0.002s  lb sends POST /payments to service-1
        t=0.002s  service-1 sends charge to psp
        t=0.124s  psp charges ch_1 for pay-1 (10.00)
        t=0.124s  psp answers service-1's charge
        t=0.126s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_1', 1000, 'EUR', 'idem-pay-1') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
        t=0.127s  service-1 pauses
        t=0.998s  service-1 resumes
        t=0.998s  service-1 answers lb's POST /payments with HTTP 201
        t=0.999s  lb answers client's POST /payments with HTTP 201
        t=1.000s  client times out waiting for lb; the answer is still on the way
        t=1.080s  client retries (attempt 2): sends POST /payments to lb
        t=1.081s  lb sends POST /payments to service-1 [attempt 2]
        t=1.082s  service-1 sends charge to psp [attempt 2]
        t=1.179s  psp charges ch_2 for pay-1 (10.00): charge number 2 for this payment [attempt 2]
        t=1.179s  psp answers service-1's charge [attempt 2]
        t=1.181s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_2', 1000, 'EUR', 'idem-pay-1') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 2]
        t=1.183s  service-1 answers lb's POST /payments with HTTP 201 [attempt 2]
        t=1.186s  lb answers client's POST /payments with HTTP 201 [attempt 2]
        t=1.188s  client gets HTTP 201 from lb [attempt 2]
      "
    `);
  });

  it('--out saves a scenario that `idemsim run` replays to the same double charge', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'idemsim-hunt-')), 'found.yaml');
    const hunted = await runCli('hunt', '--strategy', 'redis-setnx', '--out', path, '--json');
    expect(hunted.code).toBe(1);
    const report = JSON.parse(hunted.stdout) as {
      counterexample: { replay: string; seed: number; scenarioYaml: string };
    };
    expect(readFileSync(path, 'utf8')).toBe(report.counterexample.scenarioYaml);
    expect(report.counterexample.replay).toBe(
      `idemsim run ${path} --strategy redis-setnx --seed ${report.counterexample.seed}`,
    );
    const replayed = await runCli(
      'run',
      path,
      '--strategy',
      'redis-setnx',
      '--seed',
      String(report.counterexample.seed),
      '--json',
    );
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ doubleCharges: 1, verdict: 'unsafe' });
  });

  it('exits 0 when nothing is found within the budget', async () => {
    const { code, stdout } = await runCli('hunt', '--strategy', 'db-atomic', '--runs', '10', '--seed', '3');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'hunt: db-atomic held no-double-charge in all 10 runs (hunt seed 3).',
        'No counterexample within this budget; that is evidence, not proof. Try more --runs, another --seed,',
        'or a --scenario whose world is harsher (no provider keys, a replica that lags, a slow provider).',
        '',
      ].join('\n'),
    );
  });

  it('--json says what it searched when nothing is found', async () => {
    const { code, stdout } = await runCli(
      'hunt',
      '--strategy',
      'db-atomic',
      '--runs',
      '5',
      '--property',
      'double-charge, lost-payment',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      found: false,
      strategy: 'db-atomic',
      properties: ['no-double-charge', 'no-lost-payment'],
      hunt: { seed: 1, runs: 5, interrupted: false },
    });
  });

  it("--property takes the user's own property from a file", async () => {
    const { code, stdout } = await runCli(
      'hunt',
      '--strategy',
      'db-atomic',
      '--property',
      './test/fixtures/user-property.ts',
      '--json',
      '--runs',
      '50',
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      properties: string[];
      counterexample: { property: string; violation: string };
    };
    expect(report.properties).toEqual(['answers-within-3s']);
    expect(report.counterexample.property).toBe('answers-within-3s');
    expect(report.counterexample.violation).toMatch(/^a client waited \d+\.\d{3} s$/);
  });

  it('with --time, ends its report with what the search covered (here --runs ends it first)', async () => {
    const { code, stdout } = await runCli('hunt', '--strategy', 'db-atomic', '--time', '10m', '--runs', '5');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'hunt: db-atomic held no-double-charge in all 5 runs (hunt seed 1).',
        'No counterexample within this budget; that is evidence, not proof. Try more --runs, another --seed,',
        'or a --scenario whose world is harsher (no provider keys, a replica that lags, a slow provider).',
        '',
        'Covered by the search: 5 cases.',
        '  faults tried, by kind: pause 1, crash 2, partition 2, crash-at 1, pause-at 3',
        '  cases by how many faults: 1 with 0, 1 with 1, 1 with 2, 2 with 3',
        '  strategy settings: leaseMs 1206-9994 in 3 cases, completerIntervalMs 4431-9996 in 5 cases',
        '  workload: payments 1-5 in 5 cases, instances 1-2 in 5 cases, double submits in 1 cases',
        '  client: attemptsMax 1-5 in 3 cases, backoffBaseMs 10-2000 in 4 cases, timeoutMs 103-2730 in 4 cases',
        '  provider latency: medianMs 12-2989 in 4 cases, sigma 0-1.4 in 4 cases',
        '',
      ].join('\n'),
    );
  });

  it('--shrink-runs bounds the shrinking by runs, and --help says so', async () => {
    const bounded = await runCli('hunt', '--strategy', 'none', '--shrink-runs', '3', '--json');
    expect(bounded.code).toBe(1);
    expect(JSON.parse(bounded.stdout)).toMatchObject({ hunt: { shrinks: 0, shrinkRuns: 3 } });
    const help = await runCli('hunt', '--help');
    expect(help.stdout).toContain('--shrink-runs <n>');
    expect(help.stdout).toContain(
      'Shrinking is bounded by runs (--shrink-runs, default 5000), never by time',
    );
  });

  it.each([
    [
      ['hunt', '--strategy', 'none', '--property', './test/fixtures/user-strategy.ts'],
      'idemsim: ./test/fixtures/user-strategy.ts: ',
    ],
    [['hunt', '--strategy', 'none', '--property', './nope.ts'], 'idemsim: ./nope.ts: no such file'],
    [['hunt'], "error: required option '-s, --strategy <name>' not specified"],
    [['hunt', '--strategy', 'nope'], 'idemsim: unknown strategy "nope"'],
    [
      ['hunt', '--strategy', 'none', '--property', 'no-fun'],
      'idemsim: unknown property "no-fun": use no-double-charge, no-lost-payment, no-charged-but-failed, no-told-paid-early, no-wrong-replay, no-stuck, all, or a path to your own .ts/.js file',
    ],
    [
      ['hunt', '--strategy', 'none', '--time', 'soon'],
      'idemsim: --time: expected a duration like "30s" or "2m", got "soon"',
    ],
    [
      ['hunt', '--strategy', 'none', '--runs', '0'],
      "error: option '--runs <n>' argument '0' is invalid. expected a whole number of 1 or more.",
    ],
    [['hunt', '--strategy', 'none', '--scenario', 'missing.yaml'], 'idemsim: '],
  ])('bad input %j: one line, exit 2, nothing written', async (argv, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'idemsim-hunt-')), 'never.yaml');
    const { code, stdout, stderr } = await runCli(...argv, '--out', out);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('hunt progress: the most runs the search can make', () => {
  it('is --runs, or --runs times the searches of a --time hunt on several threads, else open', () => {
    expect(searchedMax(1000, undefined, 2)).toBe(1000); // blocks of one --runs budget
    expect(searchedMax(300, 5000, 2)).toBe(600); // two seeds, each capped at 300
    expect(searchedMax(300, 5000, undefined)).toBe(300);
    expect(searchedMax(Number.MAX_SAFE_INTEGER, 5000, 2)).toBe(Number.MAX_SAFE_INTEGER); // no cap: no "/n"
  });
});
