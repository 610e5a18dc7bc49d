/**
 * Suites that need something from the machine (a real PostgreSQL, Redis, or Chromium).
 *
 * On a developer's machine without it, the suite is skipped and says why in one line. In CI
 * (`IDEMSIM_CI=1`, set by `.ci/run`, which installs the servers and the browser) a missing
 * dependency is a failure instead: a suite that silently did not run proves nothing.
 */
import { describe, it } from 'vitest';

/** True where `.ci/run` asks that every suite needing the machine actually runs. */
export function inCi(): boolean {
  return process.env['IDEMSIM_CI'] === '1';
}

/**
 * `describe(name, body)` when `skipReason` is undefined. Otherwise: in CI, a suite whose one test
 * fails with the reason; elsewhere, a skipped suite and the reason printed once.
 */
export function describeIfAvailable(name: string, skipReason: string | undefined, body: () => void): void {
  if (skipReason === undefined) {
    describe(name, body);
    return;
  }
  if (inCi()) {
    describe(name, () => {
      it(`needs what CI installs: ${skipReason}`, () => {
        throw new Error(`${skipReason} (IDEMSIM_CI=1: .ci/run should have installed it)`);
      });
    });
    return;
  }
  process.stdout.write(`${skipReason}\n`);
  // Registered but not run, so the report counts the suite as skipped beside the printed reason.
  describe.runIf(false)(name, body);
}
