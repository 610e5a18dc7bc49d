import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('idemsim explain', () => {
  it('narrates the first payment that went wrong', async () => {
    const { code, stdout, stderr } = await runCli('explain', '02-client-timeout-retry', '--strategy', 'none', '--seed', '5');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatchInlineSnapshot(`
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
      t=1.608s  service-1 answers lb's POST /payments [attempt 2]
      t=1.610s  lb answers client's POST /payments [attempt 2]
      t=1.612s  client gets HTTP 201 from lb [attempt 2]
      t=1.694s  psp charges ch_7 for pay-01 (10.00): charge number 2 for this payment [attempt 1]
      t=1.694s  psp answers service-1's charge [attempt 1]
      t=1.696s  service-1 answers lb's POST /payments [attempt 1]
      t=1.699s  lb answers client's POST /payments, but client stopped waiting at t=1.000s [attempt 1]

      replay: idemsim explain 02-client-timeout-retry --strategy none --seed 5 --payment pay-01
      "
    `);
  });

  it('draws the same story as a Mermaid sequence diagram', async () => {
    const { code, stdout } = await runCli('explain', '02', '--seed', '5', '--format', 'mermaid');
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
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
          lb ->> service_1: t=1.487s POST /payments (attempt 2)
          service_1 ->> psp: t=1.488s charge (attempt 2)
          Note over psp: t=1.606s charges ch_6 (attempt 2)
          psp -->> service_1: t=1.606s answers charge (attempt 2)
          service_1 -->> lb: t=1.608s answers POST /payments (attempt 2)
          lb -->> client: t=1.610s answers POST /payments (attempt 2)
          Note over client: t=1.612s gets HTTP 201 (attempt 2)
          Note over psp: t=1.694s charges ch_7 (charge 2) (attempt 1)
          psp -->> service_1: t=1.694s answers charge (attempt 1)
          service_1 -->> lb: t=1.696s answers POST /payments (attempt 1)
          lb -->> client: t=1.699s answers POST /payments (too late) (attempt 1)
      "
    `);
  });

  it('prints the steps as JSON', async () => {
    const { code, stdout } = await runCli('explain', '02', '--seed', '5', '--payment', 'pay-02', '--format', 'json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { payment: string; steps: Array<{ tMs: number; text: string }> };
    expect(parsed.payment).toBe('pay-02');
    expect(parsed.steps.length).toBeGreaterThan(0);
    expect(parsed.steps.map((step) => step.tMs)).toEqual([...parsed.steps.map((step) => step.tMs)].sort((a, b) => a - b));
  });

  it('says so in one line when no payment went wrong', async () => {
    const { code, stdout } = await runCli('explain', '02', '--strategy', 'db-atomic', '--seed', '1');
    expect(code).toBe(0);
    expect(stdout).toBe('no payment went wrong in 02-client-timeout-retry with strategy db-atomic and seed 1\n');
  });

  it('exits 2 on an unknown payment, format or scenario', async () => {
    const payment = await runCli('explain', '02', '--seed', '5', '--payment', 'pay-99');
    expect(payment).toEqual({ code: 2, stdout: '', stderr: 'idemsim: no payment "pay-99" in this run (ids run pay-01 to pay-20)\n' });
    const format = await runCli('explain', '02', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr.trim().split('\n')).toHaveLength(1);
    const scenario = await runCli('explain', 'no-such-scenario');
    expect(scenario.code).toBe(2);
    const missing = await runCli('explain');
    expect(missing.code).toBe(2);
  });
});
