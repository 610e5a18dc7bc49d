/**
 * `idemsim hunt` with a user's strategy that breaks the simulation's rules: contained as run and
 * compare contain it (broken-strategy.test.ts), in one line on stderr naming the strategy, the
 * payment and the last port call, exit 2, nothing on stdout, and no hang. The synchronous endless
 * loop can only be stopped from another thread: the hunt runs a user's strategy on a worker.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => `./test/fixtures/strategy-${name}.ts`;

/** Long enough for a loaded machine to start a worker, compile the fixture and wait out the 5 s watchdog. */
const TIMEOUT_MS = 120_000;

const broken: ReadonlyArray<readonly [string, string]> = [
  [
    'sync-loop',
    'strategy "sync-loop" is broken (its handle for payment pay-01, last port call: redis.get): ran for 5 s of wall time without yielding back (a synchronous endless loop?)',
  ],
  [
    'zero-sleep',
    'strategy "zero-sleep" is broken (its handle for payment pay-01, last port call: sleep): resumed more than 100000 times within one virtual millisecond (an endless zero-length sleep?)',
  ],
  [
    'bad-yield',
    'strategy "bad-yield" is broken (its handle for payment pay-01, last port call: redis.get): yielded a promise, which is not an effect (a strategy may only yield* the calls of its port)',
  ],
  [
    'no-status',
    'strategy "no-status" is broken (its handle for payment pay-01, last port call: psp.charge): answered an object without a status, not { status: <number>, body }',
  ],
];

describe('idemsim hunt with a broken user strategy', () => {
  it.each(broken)(
    '%s: says so in one line and exits 2',
    async (name, line) => {
      const result = await runCli('hunt', '--strategy', fixture(name), '--runs', '20');
      expect(result).toEqual({ code: 2, stdout: '', stderr: `idemsim: ${line}\n` });
    },
    TIMEOUT_MS,
  );

  it(
    'stops a synchronous endless loop in a case of the search, not only in the first run',
    async () => {
      // The probe run before the search is healthy (its payments are pay-01...pay-20); the loop
      // starts at the first repeat of a key, which only a case of the search provokes.
      const result = await runCli(
        'hunt',
        '--strategy',
        './test/fixtures/strategy-loop-on-retry.ts',
        '--runs',
        '200',
      );
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'idemsim: strategy "loop-on-retry" is broken (its handle for payment pay-5, last port call: redis.set): ran for 5 s of wall time without yielding back (a synchronous endless loop?)\n',
      });
    },
    TIMEOUT_MS,
  );
});
