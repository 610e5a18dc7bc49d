/**
 * A user's strategy that breaks the simulation's rules is contained: one line on stderr naming
 * the strategy, the payment and the last port call, exit 2, nothing on stdout, and no hang (each
 * test has a timeout). One that throws is counted, with its first message.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => `./test/fixtures/strategy-${name}.ts`;

/** Long enough for a loaded machine to start a worker thread and compile the fixture. */
const TIMEOUT_MS = 90_000;

const broken: ReadonlyArray<readonly [string, string]> = [
  [
    'sync-loop',
    'strategy "sync-loop" is broken (its handle for payment pay-1, last port call: redis.get): ran for 5 s of wall time without yielding back (a synchronous endless loop?)',
  ],
  [
    'zero-sleep',
    'strategy "zero-sleep" is broken (its handle for payment pay-1, last port call: sleep): resumed more than 100000 times within one virtual millisecond (an endless zero-length sleep?)',
  ],
  [
    'bad-yield',
    'strategy "bad-yield" is broken (its handle for payment pay-1, last port call: redis.get): yielded a promise, which is not an effect (a strategy may only yield* the calls of its port)',
  ],
  [
    'no-answer',
    'strategy "no-answer" is broken (its handle for payment pay-1, last port call: psp.charge): answered undefined, not { status: <number>, body }',
  ],
  [
    'no-status',
    'strategy "no-status" is broken (its handle for payment pay-1, last port call: psp.charge): answered an object without a status, not { status: <number>, body }',
  ],
];

describe('a broken user strategy', () => {
  it.each(broken)(
    '%s: run and compare (even with --jobs 1) say so in one line, exit 2',
    async (name, line) => {
      for (const argv of [
        ['run', '01', '--strategy', fixture(name), '--payments', '3'],
        [
          'compare',
          '01',
          '--strategies',
          `none,${fixture(name)}`,
          '--payments',
          '3',
          '--seeds',
          '1',
          '--jobs',
          '1',
        ],
      ]) {
        const result = await runCli(...argv);
        expect(result).toEqual({ code: 2, stdout: '', stderr: `idemsim: ${line}\n` });
      }
    },
    TIMEOUT_MS,
  );
});

describe('a user strategy that throws', () => {
  const first = "first: TypeError: Cannot read properties of undefined (reading 'id')";

  it(
    'run counts the throws and shows the first message, in text and JSON',
    async () => {
      const text = await runCli('run', '01', '--strategy', fixture('throws'), '--payments', '3');
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`\nstrategy threw: 9, ${first}\n`);
      const json = await runCli('run', '01', '--strategy', fixture('throws'), '--payments', '3', '--json');
      expect(JSON.parse(json.stdout).strategyThrew).toEqual({
        count: 9,
        first: "TypeError: Cannot read properties of undefined (reading 'id')",
      });
    },
    TIMEOUT_MS,
  );

  it(
    'compare shows it under the table, naming the scenario and strategy, over every seed',
    async () => {
      const { code, stdout } = await runCli(
        'compare',
        '01',
        '--strategies',
        `none,${fixture('throws')}`,
        '--payments',
        '3',
        '--seeds',
        '2',
      );
      expect(code).toBe(0);
      expect(stdout.endsWith(`\n\n01-happy-path · throws: strategy threw: 18, ${first}\n`)).toBe(true);
    },
    TIMEOUT_MS,
  );
});
