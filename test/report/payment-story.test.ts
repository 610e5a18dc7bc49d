import { describe, expect, it } from 'vitest';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { readScenarioNamed } from '../../src/cli/scenario-files.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { renderNarration } from '../../src/report/narration.js';
import { firstHarmedPayment, formatT, paymentStory, paymentVerdict } from '../../src/report/payment-story.js';
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
  const declared = new Set(
    lines.filter((line) => PARTICIPANT.test(line)).map((line) => line.trim().split(' ')[1]),
  );
  for (const line of lines.slice(firstNonParticipant)) {
    const used = MESSAGE.test(line)
      ? line
          .trim()
          .split(' ')
          .filter((_, i) => i === 0 || i === 2)
          .map((w) => w.replace(/:$/, ''))
      : [/over (\w+)/.exec(line)?.[1]];
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
      {
        scenario: outcome.scenario,
        strategy: outcome.strategy,
        seed: 5,
        payment: 'pay-01',
        verdict: paymentVerdict(outcome, summary, 'pay-01'),
        replay: 'idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01',
      },
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
      t=1.487s  lb sends POST /payments to service-1 [attempt 2]
      t=1.488s  service-1 sends charge to psp [attempt 2]
      t=1.606s  psp charges ch_6 for pay-01 (10.00) [attempt 2]
      t=1.606s  psp answers service-1's charge [attempt 2]
      t=1.609s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_6', 1000, 'EUR', 'idem-pay-01') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 2]
      t=1.611s  service-1 answers lb's POST /payments with HTTP 201 [attempt 2]
      t=1.613s  lb answers client's POST /payments with HTTP 201 [attempt 2]
      t=1.615s  client gets HTTP 201 from lb [attempt 2]
      t=1.694s  psp charges ch_7 for pay-01 (10.00): charge number 2 for this payment [attempt 1]
      t=1.694s  psp answers service-1's charge [attempt 1]
      t=1.698s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_7', 1000, 'EUR', 'idem-pay-01') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 1]
      t=1.700s  service-1 answers lb's POST /payments with HTTP 201 [attempt 1]
      t=1.702s  lb answers client's POST /payments with HTTP 201, but client stopped waiting at t=1.000s [attempt 1]

      replay: idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01"
    `);
    const diagram = renderMermaid(steps);
    expect(diagram).toMatchInlineSnapshot(`
      "sequenceDiagram
          participant client
          participant lb
          participant service_1 as service-1
          participant postgres
          participant psp
          client ->> lb: t=0.000s POST /payments
          lb ->> service_1: t=0.003s POST /payments
          service_1 ->> psp: t=0.005s charge
          Note over client: t=1.000s times out waiting for lb
          client ->> lb: t=1.485s POST /payments (attempt 2)
          lb ->> service_1: t=1.487s POST /payments (attempt 2)
          service_1 ->> psp: t=1.488s charge (attempt 2)
          Note over psp: t=1.606s charges ch_6 (attempt 2)
          psp -->> service_1: t=1.606s answers charge (attempt 2)
          service_1 ->> postgres: t=1.609s INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_…
          postgres -->> service_1: 1 row inserted
          service_1 -->> lb: t=1.611s HTTP 201 (attempt 2)
          lb -->> client: t=1.613s HTTP 201 (attempt 2)
          Note over client: t=1.615s gets HTTP 201 (attempt 2)
          Note over psp: t=1.694s charges ch_7 (charge 2) (attempt 1)
          psp -->> service_1: t=1.694s answers charge (attempt 1)
          service_1 ->> postgres: t=1.698s INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_…
          postgres -->> service_1: 1 row inserted
          service_1 -->> lb: t=1.700s HTTP 201 (attempt 1)
          lb -->> client: t=1.702s HTTP 201 (too late) (attempt 1)"
    `);
    expectMermaidGrammar(diagram);
  });

  it('tells what a request lost in a partition carried, and the status of each answer (10, db-naive)', async () => {
    const outcome = await run('10-store-partition', 'db-naive', 1);
    const lines = paymentStory(outcome, 'pay-10')
      .filter((step) => step.tMs >= 1000 && step.tMs <= 2010)
      .map((step) => `${formatT(step.tMs)}  ${step.text}`);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "t=1.000s  psp charges ch_10 for pay-10 (10.00)
      t=1.000s  psp answers service-1's charge
      t=1.002s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_10', 1000, 'EUR', 'idem-pay-10') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
      t=1.002s  postgres answers service-1's INSERT INTO payments
      t=1.002s  the network cuts service-1 off from postgres,redis
      t=1.002s  the network cuts consumer-1,consumer-2 off from kafka
      t=1.003s  postgres's answer to service-1's INSERT INTO payments is lost (partition)
      t=1.501s  service-1 times out waiting for postgres; the answer was lost on the way back
      t=1.501s  service-1 sends ROLLBACK to postgres
      t=1.501s  the request from service-1 to postgres is lost (partition): ROLLBACK
      t=1.919s  client times out waiting for lb; postgres's answer to service-1 was lost at t=1.003s: the work was done, but no answer is coming
      t=2.001s  service-1 times out waiting for postgres; its request was lost on the way
      t=2.001s  service-1 answers lb's POST /payments with HTTP 500
      t=2.003s  lb answers client's POST /payments with HTTP 500, but client stopped waiting at t=1.919s"
    `);
    const redis = await run('10-store-partition', 'redis-setnx', 1);
    const lost = paymentStory(redis, 'pay-12').filter((step) => step.kind === 'drop' || step.kind === 'call');
    expect(lost.slice(2, 4).map((step) => `${formatT(step.tMs)}  ${step.text}`)).toEqual([
      't=1.033s  service-1 sends SET idem:idem-pay-12 to redis',
      't=1.033s  the request from service-1 to redis is lost (partition): SET idem:idem-pay-12 in-progress PX 10000 NX',
    ]);
  });

  it('keeps the diagram grammar across strategies and seeds', async () => {
    const cases = [
      ['02-client-timeout-retry', 'none', 1],
      ['02-client-timeout-retry', 'db-naive', 2],
      ['02-client-timeout-retry', 'kafka-eos', 4],
      ['04-crash-after-charge', 'none', 1],
      ['12-provider-reply-lost', 'redis-setnx', 1],
      ['14-gateway-retries', 'none', 1],
      ['05-lease-outlived', 'redis-setnx', 1],
      ['08-redis-restart', 'redis-setnx', 1],
      ['03-double-submit', 'db-naive', 1],
      ['10-store-partition', 'db-naive', 1],
      ['05-lease-outlived', 'kafka-eos', 1],
      ['15-kafka-commit-before-processing', 'kafka-eos', 1],
      ['16-kafka-producer-without-idempotence', 'kafka-eos', 1],
    ] as const;
    for (const [scenario, strategy, seed] of cases) {
      const outcome = await run(scenario, strategy, seed);
      const payment = firstHarmedPayment(summarizeRun(outcome)) ?? 'pay-01';
      const steps = paymentStory(outcome, payment);
      expect(steps.length).toBeGreaterThan(0);
      expectMermaidGrammar(renderMermaid(steps));
    }
  });

  it('tells the lock running out while its holder is paused, and which attempt did what (05, redis-setnx)', async () => {
    const outcome = await run('05-lease-outlived', 'redis-setnx', 1);
    const steps = paymentStory(outcome, 'pay-11');
    expect(steps.map((step) => `${formatT(step.tMs)}  ${step.text}`).join('\n')).toMatchInlineSnapshot(`
      "t=1.890s  client sends POST /payments to lb
      t=1.892s  lb sends POST /payments to service-1
      t=1.895s  redis runs service-1's SET idem:idem-pay-11 in-progress PX 1000 NX -> OK
      t=1.896s  service-1 sends charge to psp
      t=2.000s  service-1 pauses
      t=2.812s  psp charges ch_11 for pay-11 (10.00)
      t=2.812s  psp answers service-1's charge
      t=2.890s  client times out waiting for lb; service-1, which is handling it, has been paused since t=2.000s
      t=2.895s  redis lets idem:idem-pay-11 expire (its 1 s TTL ran out): the key is free again while service-1, paused since t=2.000s, is still working on attempt 1
      t=3.276s  client retries (attempt 2): sends POST /payments to lb
      t=3.276s  lb sends POST /payments to service-1 [attempt 2]
      t=4.276s  client times out waiting for lb; service-1, which is handling it, has been paused since t=2.000s [attempt 2]
      t=4.869s  client retries (attempt 3): sends POST /payments to lb
      t=4.870s  lb sends POST /payments to service-1 [attempt 3]
      t=5.000s  service-1 resumes
      t=5.001s  redis runs service-1's SET idem:idem-pay-11 in-progress PX 1000 NX -> OK [attempt 2]
      t=5.002s  redis runs service-1's SET idem:idem-pay-11 in-progress PX 1000 NX -> (nil) [attempt 3]
      t=5.002s  service-1 sends charge to psp [attempt 2]
      t=5.002s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_11', 1000, 'EUR', 'idem-pay-11') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 1]
      t=5.004s  redis runs service-1's GET idem:idem-pay-11 -> in-progress [attempt 3]
      t=5.005s  redis runs service-1's SET idem:idem-pay-11 {"status":201,"body":{"chargeId":"ch_11","a… -> OK [attempt 1]
      t=5.006s  service-1 answers lb's POST /payments with HTTP 201 [attempt 1]
      t=5.006s  service-1 answers lb's POST /payments with HTTP 200 [attempt 3]
      t=5.006s  lb answers client's POST /payments with HTTP 201, but client stopped waiting at t=2.890s [attempt 1]
      t=5.007s  lb answers client's POST /payments with HTTP 200 [attempt 3]
      t=5.007s  client gets HTTP 200 from lb [attempt 3]
      t=6.087s  psp charges ch_20 for pay-11 (10.00): charge number 2 for this payment [attempt 2]
      t=6.087s  psp answers service-1's charge [attempt 2]
      t=6.089s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_20', 1000, 'EUR', 'idem-pay-11') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 2]
      t=6.092s  redis runs service-1's SET idem:idem-pay-11 {"status":201,"body":{"chargeId":"ch_20","a… -> OK [attempt 2]
      t=6.093s  service-1 answers lb's POST /payments with HTTP 201 [attempt 2]
      t=6.094s  lb answers client's POST /payments with HTTP 201, but client stopped waiting at t=4.276s [attempt 2]"
    `);
    const diagram = renderMermaid(steps);
    expectMermaidGrammar(diagram);
    const lines = diagram.split('\n');
    // The expiry is a note over redis; a command is its request, labelled with what ran, and the answer taken.
    expect(lines).toContain('    Note over redis: t=2.895s idem:idem-pay-11 expires (TTL 1 s)');
    const claim = lines.indexOf(
      '    service_1 ->> redis: t=1.895s SET idem:idem-pay-11 in-progress PX 1000 NX',
    );
    expect(lines.slice(claim, claim + 2)).toEqual([
      '    service_1 ->> redis: t=1.895s SET idem:idem-pay-11 in-progress PX 1000 NX',
      '    redis -->> service_1: OK',
    ]);
  });

  it('tells each SQL statement with its values and what came of it (03, db-naive)', async () => {
    const outcome = await run('03-double-submit', 'db-naive', 1);
    const steps = paymentStory(outcome, 'pay-02');
    expect(steps.map((step) => `${formatT(step.tMs)}  ${step.text}`).join('\n')).toMatchInlineSnapshot(`
      "t=0.015s  client sends POST /payments to lb
      t=0.017s  lb sends POST /payments to service-2
      t=0.019s  postgres runs service-2's BEGIN
      t=0.021s  postgres runs service-2's SELECT status_code, body FROM idempotency_keys WHERE key = 'idem-pay-02' -> no rows
      t=0.023s  service-2 sends charge to psp
      t=0.065s  client submits again, with the same key (a double click; attempt 2): sends POST /payments to lb
      t=0.067s  lb sends POST /payments to service-1 [attempt 2]
      t=0.068s  postgres runs service-1's BEGIN [attempt 2]
      t=0.070s  postgres runs service-1's SELECT status_code, body FROM idempotency_keys WHERE key = 'idem-pay-02' -> no rows [attempt 2]
      t=0.071s  service-1 sends charge to psp [attempt 2]
      t=0.120s  psp charges ch_2 for pay-02 (10.00) [attempt 1]
      t=0.120s  psp answers service-2's charge [attempt 1]
      t=0.132s  postgres runs service-2's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_2', 1000, 'EUR', 'idem-pay-02') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 1]
      t=0.134s  postgres runs service-2's INSERT INTO idempotency_keys (key, status_code, body) VALUES ('idem-pay-02', 201, '{"chargeId":"ch_2",…') -> 1 row inserted [attempt 1]
      t=0.136s  postgres runs service-2's COMMIT [attempt 1]
      t=0.137s  service-2 answers lb's POST /payments with HTTP 201 [attempt 1]
      t=0.139s  lb answers client's POST /payments with HTTP 201 [attempt 1]
      t=0.140s  client gets HTTP 201 from lb [attempt 1]
      t=0.187s  psp charges ch_3 for pay-02 (10.00): charge number 2 for this payment [attempt 2]
      t=0.187s  psp answers service-1's charge [attempt 2]
      t=0.191s  postgres runs service-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_3', 1000, 'EUR', 'idem-pay-02') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted [attempt 2]
      t=0.195s  postgres runs service-1's INSERT INTO idempotency_keys (key, status_code, body) VALUES ('idem-pay-02', 201, '{"chargeId":"ch_3",…') -> ERROR 23505 (unique violation): the transaction is aborted [attempt 2]
      t=0.198s  postgres runs service-1's ROLLBACK [attempt 2]
      t=0.200s  service-1 answers lb's POST /payments with HTTP 500 [attempt 2]
      t=0.201s  lb answers client's POST /payments with HTTP 500 [attempt 2]
      t=0.202s  client gets HTTP 500 from lb [attempt 2]
      t=0.241s  client retries (attempt 3): sends POST /payments to lb
      t=0.242s  lb sends POST /payments to service-1 [attempt 3]
      t=0.247s  postgres runs service-1's BEGIN [attempt 3]
      t=0.250s  postgres runs service-1's SELECT status_code, body FROM idempotency_keys WHERE key = 'idem-pay-02' -> 1 row: status_code=201, body='{"chargeId":"ch_2",…' [attempt 3]
      t=0.253s  postgres runs service-1's COMMIT [attempt 3]
      t=0.253s  service-1 answers lb's POST /payments with HTTP 201 [attempt 3]
      t=0.256s  lb answers client's POST /payments with HTTP 201 [attempt 3]
      t=0.257s  client gets HTTP 201 from lb [attempt 3]"
    `);
  });

  it('tells a record handed out again after a rebalance, and the paused consumer fenced (05, kafka-eos)', async () => {
    // Seed 2's pay-08: its record reaches consumer-1 just before the GC pause (2 s after the
    // workload starts, which the warm-up put at t=0.506s). Seed 1 no longer shows it: its
    // consumer group is formed before traffic, so its early records are not held by the paused one.
    const outcome = await run('05-lease-outlived', 'kafka-eos', 2);
    const steps = paymentStory(outcome, 'pay-08');
    expect(steps.map((step) => `${formatT(step.tMs)}  ${step.text}`).join('\n')).toMatchInlineSnapshot(`
      "t=1.651s  client sends POST /payments to lb
      t=1.653s  lb sends POST /payments to service-1
      t=1.656s  kafka appends service-1's record (key idem-pay-08) to payments partition 0, offset 2
      t=1.657s  service-1 answers lb's POST /payments with HTTP 202
      t=1.658s  lb answers client's POST /payments with HTTP 202
      t=1.659s  client gets HTTP 202 from lb
      t=2.260s  consumer-1 polls the record at payments partition 0, offset 2 and hands it to its handler (generation 2)
      t=2.260s  consumer-1 sends charge to psp
      t=2.506s  service-1 pauses
      t=2.506s  consumer-1 pauses
      t=2.898s  psp charges ch_6 for pay-08 (10.00)
      t=2.898s  psp answers consumer-1's charge
      t=4.507s  kafka removes consumer-1-2 from the group: it did not rejoin within the rebalance timeout
      t=4.507s  kafka rebalances the group, generation 3: consumer-2-3 gets partitions 0,1,2
      t=4.509s  consumer-2 polls the record at payments partition 0, offset 2 again and hands it to its handler (generation 3): a redelivery, first handed to consumer-1 at t=2.260s
      t=4.509s  consumer-2 sends charge to psp
      t=4.734s  psp charges ch_7 for pay-08 (10.00): charge number 2 for this payment
      t=4.734s  psp answers consumer-2's charge
      t=4.735s  postgres runs consumer-2's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_7', 1000, 'EUR', 'idem-pay-08') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
      t=4.737s  consumer-2 commits offset 3 on payments partition 0: the group is done with this payment's record (offset 2)
      t=5.506s  service-1 resumes
      t=5.506s  consumer-1 resumes
      t=5.506s  postgres runs consumer-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_6', 1000, 'EUR', 'idem-pay-08') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
      t=5.508s  kafka refuses consumer-1's commit of offset 3 on payments partition 0: consumer-1-2 is no longer in the group (fenced: too late to undo what its handler did)"
    `);
    const diagram = renderMermaid(steps);
    expectMermaidGrammar(diagram);
    expect(diagram).toContain('    kafka -->> consumer_2: t=4.509s record 0@2 (generation 3) again');
    expect(diagram).toContain(
      '    consumer_1 ->> kafka: t=5.508s commit offset 3\n    kafka -->> consumer_1: fenced',
    );
  });

  it('tells a producer resend that appends the record twice (16, kafka-eos)', async () => {
    const outcome = await run('16-kafka-producer-without-idempotence', 'kafka-eos', 1);
    const steps = paymentStory(outcome, 'pay-07');
    expect(steps.map((step) => `${formatT(step.tMs)}  ${step.text}`).join('\n')).toMatchInlineSnapshot(`
      "t=3.808s  client sends POST /payments to lb
      t=3.809s  lb sends POST /payments to service-1
      t=3.811s  kafka appends service-1's record (key idem-pay-07) to payments partition 1, offset 2
      t=3.811s  kafka answers service-1's produce request
      t=3.811s  kafka's answer to service-1's produce request is lost (loss)
      t=3.812s  consumer-1 polls the record at payments partition 1, offset 2 and hands it to its handler (generation 2)
      t=3.812s  consumer-1 sends charge to psp
      t=3.895s  psp charges ch_7 for pay-07 (10.00)
      t=3.895s  psp answers consumer-1's charge
      t=3.897s  postgres runs consumer-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_7', 1000, 'EUR', 'idem-pay-07') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
      t=3.900s  consumer-1 commits offset 3 on payments partition 1: the group is done with this payment's record (offset 2)
      t=4.810s  service-1 times out waiting for kafka; the answer was lost on the way back
      t=4.910s  service-1's producer sends the same record again (attempt 2): no ack came in time
      t=4.910s  kafka appends service-1's record (key idem-pay-07) to payments partition 1, offset 4
      t=4.911s  service-1 answers lb's POST /payments with HTTP 202
      t=4.912s  lb answers client's POST /payments with HTTP 202
      t=4.913s  client gets HTTP 202 from lb
      t=5.074s  consumer-1 polls the record at payments partition 1, offset 4 and hands it to its handler (generation 2)
      t=5.074s  consumer-1 sends charge to psp
      t=5.200s  psp charges ch_12 for pay-07 (10.00): charge number 2 for this payment
      t=5.200s  psp answers consumer-1's charge
      t=5.202s  postgres runs consumer-1's INSERT INTO payments (charge_id, amount, currency, idempotency_key) VALUES ('ch_12', 1000, 'EUR', 'idem-pay-07') ON CONFLICT (charge_id) DO NOTHING -> 1 row inserted
      t=5.204s  consumer-1 commits offset 5 on payments partition 1: the group is done with this payment's record (offset 4)"
    `);
  });

  it('tells nothing of a payment the run never had', async () => {
    const outcome = await run('02-client-timeout-retry', 'none', 5);
    expect(paymentStory(outcome, 'pay-99')).toEqual([]);
  });

  it('draws a lost message as lost and a crash as a note', () => {
    const diagram = renderMermaid([
      {
        tMs: 0,
        actor: 'client',
        kind: 'call',
        text: 'client sends POST /payments to lb',
        label: 'POST /payments',
        from: 'client',
        to: 'lb',
      },
      {
        tMs: 1,
        actor: 'lb',
        kind: 'call',
        text: 'lb sends POST /payments to service-2',
        label: 'POST /payments',
        from: 'lb',
        to: 'service-2',
        lost: true,
      },
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
