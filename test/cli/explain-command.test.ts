import { describe, expect, it } from 'vitest';
import { readScenarioNamed } from '../../src/cli/scenario-files.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { renderNarration } from '../../src/report/narration.js';
import { firstHarmedPayment, paymentStory, paymentVerdict } from '../../src/report/payment-story.js';
import { strategyNamed } from '../../src/strategies/registry.js';
import { runCli } from './run-cli.js';

describe('idemsim explain', () => {
  it('narrates the first payment that went wrong: the story test/report/payment-story.test.ts pins', async () => {
    const { code, stdout, stderr } = await runCli(
      'explain',
      '02-client-timeout-retry',
      '--strategy',
      'none',
      '--seed',
      '5',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const outcome = await runExperiment({
      scenario: readScenarioNamed('02'),
      strategy: strategyNamed('none'),
      seed: 5,
    });
    const summary = summarizeRun(outcome);
    expect(firstHarmedPayment(summary)).toBe('pay-01');
    const replay = 'idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01';
    const header = {
      scenario: outcome.scenario,
      strategy: 'none',
      seed: 5,
      payment: 'pay-01',
      verdict: paymentVerdict(outcome, summary, 'pay-01'),
      replay,
    };
    // Then the faults that touched nothing: a slow link between kafka and service-1 none never crosses.
    const untouched =
      "fault 1 (slow-link) touched nothing: At 1s the link from kafka to service-1 slows to 1.5s for 3s; none's work never met it.";
    expect(stdout).toBe(`${renderNarration(header, paymentStory(outcome, 'pay-01'))}\n\n${untouched}\n`);
  });

  it('draws the same story as a Mermaid sequence diagram (pinned in test/report/payment-story.test.ts)', async () => {
    const { code, stdout } = await runCli('explain', '02', '--seed', '5', '--format', 'mermaid');
    expect(code).toBe(0);
    const outcome = await runExperiment({
      scenario: readScenarioNamed('02'),
      strategy: strategyNamed('none'),
      seed: 5,
    });
    expect(stdout).toBe(`${renderMermaid(paymentStory(outcome, 'pay-01'))}\n`);
  });

  it('prints the steps as JSON', async () => {
    const { code, stdout } = await runCli(
      'explain',
      '02',
      '--seed',
      '5',
      '--payment',
      'pay-02',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { payment: string; steps: Array<{ tMs: number; text: string }> };
    expect(parsed.payment).toBe('pay-02');
    expect(parsed.steps.length).toBeGreaterThan(0);
    expect(parsed.steps.map((step) => step.tMs)).toEqual(
      [...parsed.steps.map((step) => step.tMs)].sort((a, b) => a - b),
    );
  });

  it('says so in one line when no payment went wrong, then what reached the strategy', async () => {
    const { code, stdout } = await runCli('explain', '02', '--strategy', 'db-atomic', '--seed', '1');
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'no payment went wrong in 02-client-timeout-retry with strategy db-atomic and seed 1',
      'no fault touched its work, 6 repeats reached it',
      "fault 1 (slow-link) touched nothing: At 1s the link from kafka to service-1 slows to 1.5s for 3s; db-atomic's work never met it.",
      '',
    ]);
  });

  it('gives valid JSON and Mermaid, exit 0, when no payment went wrong; the sentence goes to stderr', async () => {
    const json = await runCli('explain', '02', '--strategy', 'db-atomic', '--seed', '1', '--format', 'json');
    expect({ code: json.code, parsed: JSON.parse(json.stdout) as unknown }).toEqual({
      code: 0,
      parsed: {
        scenario: '02-client-timeout-retry',
        strategy: 'db-atomic',
        seed: 1,
        payment: null,
        verdict: null,
        steps: [],
      },
    });
    expect(json.stderr.split('\n')[0]).toBe(
      'no payment went wrong in 02-client-timeout-retry with strategy db-atomic and seed 1',
    );
    const mermaid = await runCli(
      'explain',
      '02',
      '--strategy',
      'db-atomic',
      '--seed',
      '1',
      '--format',
      'mermaid',
    );
    expect({ code: mermaid.code, stdout: mermaid.stdout }).toEqual({
      code: 0,
      stdout:
        'sequenceDiagram\n    participant client\n    Note over client: no payment went wrong in 02-client-timeout-retry with strategy db-atomic and seed 1\n',
    });
    expect(mermaid.stderr).toBe(json.stderr);
  });

  it('says when nothing tried the strategy at all', async () => {
    const { stdout } = await runCli('explain', '10', '--strategy', 'kafka-eos');
    expect(stdout.split('\n')).toEqual([
      'no payment went wrong in 10-store-partition with strategy kafka-eos and seed 1',
      "untouched: no fault reached kafka-eos's work and no payment came to it twice",
      "fault 1 (partition) touched nothing: At 1s service-1 is cut off from postgres and redis for 3s; kafka-eos's work never met it.",
      "fault 2 (partition) touched nothing: At 1s consumer-1 and consumer-2 are cut off from kafka for 3s; kafka-eos's work never met it.",
      '',
    ]);
  });

  it('exits 2 on an unknown payment, format or scenario', async () => {
    const payment = await runCli('explain', '02', '--seed', '5', '--payment', 'pay-99');
    expect(payment).toEqual({
      code: 2,
      stdout: '',
      stderr: 'idemsim: no payment "pay-99" in this run (ids run pay-01 to pay-20)\n',
    });
    const format = await runCli('explain', '02', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr.trim().split('\n')).toHaveLength(1);
    const scenario = await runCli('explain', 'no-such-scenario');
    expect(scenario.code).toBe(2);
    const missing = await runCli('explain');
    expect(missing.code).toBe(2);
  });
});
