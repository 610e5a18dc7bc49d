import { describe, expect, it } from 'vitest';
import { strategies } from '../../src/strategies/registry.js';
import { runCli } from './run-cli.js';

describe('idemsim run', () => {
  it('prints the whole summary of the default scenario', async () => {
    const { code, stdout, stderr } = await runCli('run', '--payments', '10', '--seed', '5');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatchInlineSnapshot(`
      "02-client-timeout-retry · strategy none · seed 5
        Client timeout shorter than the provider tail

        payments        10 (succeeded 10, failed 0, unknown 0, still trying 0)
        attempts        14 (28.6% met an error; timeout: 4)
        charges         14
        double charges  3 charged more than once, 40.00 overcharged
        lost            0
        told failed     0
        told paid early 0
        wrong replay    0
        stuck           0
        latency         p50 398.1ms  p95 3.16s  p99 3.16s  max 3.16s  (intent start to last answer)
        finality        p50 387.8ms  p99 1.99s  (intent start to charge)
        verdict         UNSAFE: money was wrongly taken or lost
        exposure        no fault touched its work, 4 repeats reached it

      fault 1 (slow-link) touched nothing: At 1s the link from kafka to service-1 slows to 1.5s for 3s; none's work never met it.

      charged more than once:
        pay-01: ch_6, ch_7
        pay-09: ch_10, ch_13, ch_14
        pay-07: ch_11, ch_12

      replay: idemsim run 02-client-timeout-retry --strategy none --seed 5 --payments 10
      explain: idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payments 10 --payment pay-01
      "
    `);
  });

  it('says which faults touched nothing, and marks a run nothing tried as untouched', async () => {
    const { stdout } = await runCli('run', '10', '--strategy', 'none', '--payments', '5');
    const lines = stdout.split('\n');
    expect(lines.filter((line) => /verdict|exposure|touched nothing/.test(line))).toEqual([
      '  verdict         safe',
      "  exposure        untouched: no fault reached none's work and no payment came to it twice",
      "fault 1 (partition) touched nothing: At 1s service-1 is cut off from postgres and redis for 3s; none's work never met it.",
      "fault 2 (partition) touched nothing: At 1s consumer-1 and consumer-2 are cut off from kafka for 3s; none's work never met it.",
    ]);
  });

  it('--json prints the summary as data', async () => {
    const { code, stdout } = await runCli('run', '--json', '--seed', '1');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      scenario: '02-client-timeout-retry',
      strategy: 'none',
      seed: 1,
      payments: 20,
    });
    expect(summary['doubleCharges']).toBeGreaterThan(0);
  });

  it('--trace prints one JSON object per line, starting at t=0', async () => {
    const { stdout } = await runCli('run', '--trace', '--payments', '2');
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ t: 0, type: 'rpc.call', from: 'client' });
  });

  it.each([
    [['run', '--seed', 'abc'], /--seed <n>.*expected an integer seed/],
    [['run', '--payments', '0'], /--payments <n>.*expected a whole number of 1 or more/],
    [
      ['run', '--strategy', 'magic'],
      new RegExp(`^idemsim: unknown strategy "magic"; try one of: ${[...strategies.keys()].join(', ')}\n$`),
    ],
    [
      ['run', 'no-such-scenario'],
      /^idemsim: no scenario "no-such-scenario"; bundled: 01-happy-path, 02-client-timeout-retry, .* \(or give a path to a \.yaml file\)\n$/,
    ],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('bad input %j: exit 2, says what is wrong, prints nothing on stdout', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('--help teaches: describes the command and shows examples', async () => {
    const { code, stdout } = await runCli('run', '--help');
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('show what happened to the money');
    expect(stdout).toContain('Examples:');
  });
});
