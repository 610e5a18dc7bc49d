/**
 * Mermaid's own parser on the diagrams `explain --format mermaid` draws. `mermaid.parse` runs in
 * Node without a DOM (only rendering needs one); @mermaid-js/parser does not cover sequence
 * diagrams, so the full package is the parser to ask. The structural test in
 * payment-story.test.ts stays: it says what shape we mean to draw, this says Mermaid reads it.
 */
import { describe, expect, it } from 'vitest';
import { readScenarioNamed } from '../../src/cli/scenario-files.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { firstHarmedPayment, paymentStory } from '../../src/report/payment-story.js';
import { strategies } from '../../src/strategies/registry.js';

/** Stories with every kind of step: expiry, SQL and 23505, redelivery and fencing, lost messages, crashes. */
const STORIES = [
  ['05-lease-outlived', 'redis-setnx'],
  ['03-double-submit', 'db-naive'],
  ['05-lease-outlived', 'kafka-eos'],
  ['16-kafka-producer-without-idempotence', 'kafka-eos'],
  ['10-store-partition', 'db-naive'],
  ['08-redis-restart', 'redis-setnx'],
  ['13-new-key-per-retry', 'db-atomic'],
] as const;

describe('Mermaid reads the diagrams', () => {
  it('parses every story as a sequence diagram', async () => {
    const { default: mermaid } = await import('mermaid');
    for (const [scenario, strategy] of STORIES) {
      const outcome = await runExperiment({
        scenario: readScenarioNamed(scenario),
        strategy: strategies.get(strategy)!,
        seed: 1,
      });
      const payment = firstHarmedPayment(summarizeRun(outcome)) ?? 'pay-01';
      const diagram = renderMermaid(paymentStory(outcome, payment));
      await expect(mermaid.parse(diagram), `${scenario} ${strategy}:\n${diagram}`).resolves.toMatchObject({
        diagramType: 'sequence',
      });
    }
  }, 60_000);

  it('and refuses a broken one (so the check above can fail)', async () => {
    const { default: mermaid } = await import('mermaid');
    await expect(mermaid.parse('sequenceDiagram\n    participant a\n    a ->> : no target')).rejects.toThrow(
      /Parse error/,
    );
  });
});
