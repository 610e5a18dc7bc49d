import { describe, expect, it } from 'vitest';
import { checkStuck } from '../../src/checks/stuck.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { paymentLifeMs } from '../../src/experiment/run-to-the-end.js';
import { strategies } from '../../src/strategies/registry.js';
import { runCli } from '../cli/run-cli.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

describe('the horizon never cuts the workload', () => {
  it('runs every payment of a workload longer than the horizon, none left stuck', async () => {
    const base = bundledScenario('01-happy-path');
    // 01 lasts 60 s at 20 payments/s: 1,400 payments need about 70 s.
    const scenario = { ...base, workload: { ...base.workload, payments: 1400 } };
    const outcome = await runExperiment({
      scenario,
      strategy: strategies.get('none')!,
      seed: 1,
      trace: false,
    });
    expect(outcome.history.intents).toHaveLength(1400);
    expect(outcome.history.intents.filter((intent) => intent.result !== 'succeeded')).toEqual([]);
    expect(checkStuck(outcome.history)).toEqual([]);
    expect(outcome.endMs - outcome.startMs).toBeGreaterThan(scenario.horizonMs);
    // It stopped at the event that ended the last payment, then drained one period (no charge
    // came after the last answer): not at the safety net's deadline.
    const lastEndMs = Math.max(...outcome.history.intents.map((intent) => intent.endMs ?? Infinity));
    expect(outcome.endMs).toBe(lastEndMs + paymentLifeMs(scenario));
  });

  it('keeps 01-happy-path healthy for every strategy past its horizon, and says the run went on', async () => {
    const compared = await runCli('compare', '01', '--payments', '1300', '--seeds', '1', '--jobs', '1');
    expect({ code: compared.code, stderr: compared.stderr }).toEqual({ code: 0, stderr: '' });
    const run = await runCli('run', '01', '--payments', '1300', '--strategy', 'none');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^idemsim: note: the workload outlasted the 1m horizon, so the run went on to [\d.]+m for every payment to finish\n$/,
    );
    expect(run.stdout).toContain('stuck           0');
  });
});
