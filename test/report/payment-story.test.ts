import { describe, expect, it } from 'vitest';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { readScenarioNamed } from '../../src/cli/scenario-files.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { renderNarration } from '../../src/report/narration.js';
import { firstHarmedPayment, paymentStory, paymentVerdict } from '../../src/report/payment-story.js';
import { strategies } from '../../src/strategies/registry.js';

const MESSAGE = /^\s+\w+ (->>|-->>|-x) \w+: .+$/;
const PARTICIPANT = /^\s+participant \w+( as [\w-]+)?$/;
const NOTE = /^\s+Note over \w+(,\w+)?: .+$/;

async function run(scenario: string, strategy: string, seed: number): Promise<Outcome> {
  return runExperiment({ scenario: readScenarioNamed(scenario), strategy: strategies.get(strategy)!, seed });
}

/** Every line after the header is a participant, a message or a note; participants come first. */
function expectMermaidGrammar(diagram: string): void {
  const [header, ...lines] = diagram.split('\n');
  expect(header).toBe('sequenceDiagram');
  const firstNonParticipant = lines.findIndex((line) => !PARTICIPANT.test(line));
  for (const [index, line] of lines.entries()) {
    const ok = index < firstNonParticipant ? PARTICIPANT.test(line) : MESSAGE.test(line) || NOTE.test(line);
    expect(ok, line).toBe(true);
  }
  const declared = new Set(lines.filter((line) => PARTICIPANT.test(line)).map((line) => line.trim().split(' ')[1]));
  for (const line of lines.slice(firstNonParticipant)) {
    const used = MESSAGE.test(line) ? line.trim().split(' ').filter((_, i) => i === 0 || i === 2).map((w) => w.replace(/:$/, '')) : [/over (\w+)/.exec(line)?.[1]];
    for (const id of used) expect(declared.has(id), `${id} in ${line}`).toBe(true);
  }
}

describe('the story of one payment', () => {
  it('tells a double charge under a client timeout, step by step', async () => {
    const outcome = await run('02-client-timeout-retry', 'none', 5);
    const summary = summarizeRun(outcome);
    const payment = firstHarmedPayment(summary);
    expect(payment).toBe('pay-01');
    const steps = paymentStory(outcome, 'pay-01');
    const text = renderNarration(
      { scenario: outcome.scenario, strategy: outcome.strategy, seed: 5, payment: 'pay-01', verdict: paymentVerdict(outcome, summary, 'pay-01'), replay: 'idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01' },
      steps,
    );
    expect(text).toMatchInlineSnapshot(`
      "02-client-timeout-retry · strategy none · seed 5 · payment pay-01
      verdict: charged 2 times (ch_6, ch_7)

      t=0.000s  client sends POST /payments to lb
      t=0.003s  lb sends POST /payments to service-1
      t=0.005s  service-1 sends charge to psp
      t=1.000s  client times out waiting for lb; the charge it asked for is still in flight
      t=1.485s  client retries (attempt 2): sends POST /payments to lb
      t=1.487s  lb sends POST /payments to service-1
      t=1.488s  service-1 sends charge to psp
      t=1.606s  psp charges ch_6 for pay-01 (10.00)
      t=1.606s  psp answers service-1's charge
      t=1.608s  service-1 answers lb's POST /payments
      t=1.610s  lb answers client's POST /payments
      t=1.612s  client gets HTTP 201 from lb
      t=1.694s  psp charges ch_7 for pay-01 (10.00): charge number 2 for this payment
      t=1.694s  psp answers service-1's charge
      t=1.696s  service-1 answers lb's POST /payments
      t=1.699s  lb answers client's POST /payments, but client stopped waiting at t=1.000s

      replay: idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01"
    `);
    const diagram = renderMermaid(steps);
    expect(diagram).toMatchInlineSnapshot(`
      "sequenceDiagram
          participant client
          participant lb
          participant service_1 as service-1
          participant psp
          client ->> lb: t=0.000s POST /payments
          lb ->> service_1: t=0.003s POST /payments
          service_1 ->> psp: t=0.005s charge
          Note over client: t=1.000s times out waiting for lb
          client ->> lb: t=1.485s POST /payments (attempt 2)
          lb ->> service_1: t=1.487s POST /payments
          service_1 ->> psp: t=1.488s charge
          Note over psp: t=1.606s charges ch_6
          psp -->> service_1: t=1.606s answers charge
          service_1 -->> lb: t=1.608s answers POST /payments
          lb -->> client: t=1.610s answers POST /payments
          Note over client: t=1.612s gets HTTP 201
          Note over psp: t=1.694s charges ch_7 (charge 2)
          psp -->> service_1: t=1.694s answers charge
          service_1 -->> lb: t=1.696s answers POST /payments
          lb -->> client: t=1.699s answers POST /payments (too late)"
    `);
    expectMermaidGrammar(diagram);
  });

  it('keeps the diagram grammar across strategies and seeds', async () => {
    const cases = [['02-client-timeout-retry', 'none', 1], ['02-client-timeout-retry', 'db-naive', 2], ['02-client-timeout-retry', 'kafka-eos', 4],
      ['04-crash-after-charge', 'none', 1], ['12-provider-reply-lost', 'redis-setnx', 1], ['14-gateway-retries', 'none', 1]] as const;
    for (const [scenario, strategy, seed] of cases) {
      const outcome = await run(scenario, strategy, seed);
      const payment = firstHarmedPayment(summarizeRun(outcome)) ?? 'pay-01';
      const steps = paymentStory(outcome, payment);
      expect(steps.length).toBeGreaterThan(0);
      expectMermaidGrammar(renderMermaid(steps));
    }
  });

  it('tells nothing of a payment the run never had', async () => {
    const outcome = await run('02-client-timeout-retry', 'none', 5);
    expect(paymentStory(outcome, 'pay-99')).toEqual([]);
  });

  it('draws a lost message as lost and a crash as a note', () => {
    const diagram = renderMermaid([
      { tMs: 0, actor: 'client', kind: 'call', text: 'client sends POST /payments to lb', label: 'POST /payments', from: 'client', to: 'lb' },
      { tMs: 1, actor: 'lb', kind: 'call', text: 'lb sends POST /payments to service-2', label: 'POST /payments', from: 'lb', to: 'service-2', lost: true },
      { tMs: 1, actor: 'lb', kind: 'drop', text: 'lost', label: 'lost', lost: true },
      { tMs: 2, actor: 'service-2', kind: 'node', text: 'service-2 crashes', label: 'crashes' },
    ]);
    expect(diagram).toMatchInlineSnapshot(`
      "sequenceDiagram
          participant client
          participant lb
          participant service_2 as service-2
          client ->> lb: t=0.000s POST /payments
          lb -x service_2: t=0.001s POST /payments
          Note over service_2: t=0.002s crashes"
    `);
    expectMermaidGrammar(diagram);
  });
});
