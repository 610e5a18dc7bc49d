/**
 * The scenarios where db-atomic is only "ok*" (04-crash-after-charge, 05-lease-outlived,
 * 12-provider-reply-lost), run again against a provider that ignores idempotency keys: the
 * residual window must show, for the stated reason (a takeover or a retry re-sends the derived
 * key, which this provider does not recognise). The crash has its own bundled scenario
 * (17-no-provider-keys); the other two are run here with the provider's keys switched off.
 */
import { describe, expect, it } from 'vitest';
import { checkDoubleCharges } from '../../src/checks/double-charge.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { dbAtomic } from '../../src/strategies/db-atomic.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

async function doubleChargesOf(
  file: string,
  seeds: readonly number[],
  providerKeys: boolean,
): Promise<number> {
  const base = bundledScenario(file);
  const scenario = {
    ...base,
    provider: { ...base.provider, idempotency: { ...base.provider.idempotency, enabled: providerKeys } },
  };
  let doubles = 0;
  for (const seed of seeds) {
    const outcome = await runExperiment({ scenario, strategy: dbAtomic, seed, trace: false });
    doubles += checkDoubleCharges(outcome.ledger).doubleCharged.length;
  }
  return doubles;
}

describe('db-atomic is ok* : safe only while the provider honours keys', () => {
  it.each([
    ['04-crash-after-charge', 'a takeover after the crash charges again'],
    ['05-lease-outlived', 'a takeover while the first charge is still running charges again'],
    ['12-provider-reply-lost', 'the retry after an unknown outcome charges again'],
  ])('%s (%s)', async (file) => {
    const seeds = [1, 2, 3];
    expect(await doubleChargesOf(file, seeds, true)).toBe(0);
    expect(await doubleChargesOf(file, seeds, false)).toBeGreaterThan(0);
  });
});
