import type { TraceEntry } from '../../src/engine/trace.js';
/**
 * The service records every payment: the write is a real INSERT through the simulated PostgreSQL
 * after the charge, it fails as a real one does (a 500 after the money moved), a scenario may
 * switch it off, and in a healthy run the payments table holds exactly the provider's charges.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostgresServer } from '../../src/components/postgres/postgres-server.js';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { strategies, strategyNamed } from '../../src/strategies/registry.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

/** One payment, no client retry, and PostgreSQL cut off from the service for the whole run. */
const storeUnreachable: Scenario = {
  ...defaultScenario,
  workload: { ...defaultScenario.workload, payments: 1 },
  client: {
    ...defaultScenario.client,
    timeoutMs: 10_000,
    retry: { ...defaultScenario.client.retry, attemptsMax: 1 },
  },
  postgres: { timeoutMs: 500 },
  faults: [{ atMs: 0, fault: { kind: 'partition', between: ['service-1'], and: ['postgres'] } }],
};

function answers(outcome: Outcome): string[] {
  return outcome.history.attempts.map((attempt) => `${attempt.intentId} -> ${attempt.status ?? 'no answer'}`);
}

/** The trace read as loose entries: these checks look across kinds for any field of a name. */
function loose(outcome: Outcome): readonly TraceEntry[] {
  return outcome.trace as readonly TraceEntry[];
}

function events(outcome: Outcome, types: readonly string[]): string[] {
  return loose(outcome)
    .filter((entry) => types.includes(entry.type))
    .map((entry) => `${entry.type} ${String(entry['charge'] ?? entry['message'] ?? entry['to'] ?? '')}`);
}

describe('the service records the payment after the charge', () => {
  it('a record write that times out answers 500 after the money moved (none, through the whole world)', async () => {
    const outcome = await runExperiment({
      scenario: storeUnreachable,
      strategy: strategyNamed('none'),
      seed: 1,
    });
    expect(answers(outcome)).toEqual(['pay-1 -> 500']);
    expect(outcome.ledger.map((entry) => entry.chargeId)).toEqual(['ch_1']);
    expect(events(outcome, ['psp.charge', 'rpc.timeout', 'service.error'])).toEqual([
      'psp.charge ch_1',
      'rpc.timeout postgres', // INSERT INTO payments: its request was dropped in the partition
      'service.error call to postgres timed out; its outcome is unknown',
    ]);
  });

  it('with recordPayments: false the bare service charges and answers without writing anything', async () => {
    const scenario = { ...storeUnreachable, service: { ...storeUnreachable.service, recordPayments: false } };
    const outcome = await runExperiment({ scenario, strategy: strategyNamed('none'), seed: 1 });
    expect(answers(outcome)).toEqual(['pay-1 -> 201']);
    expect(
      loose(outcome).filter((entry) => entry.type.startsWith('pg.') || entry['to'] === 'postgres'),
    ).toEqual([]);
  });

  it('db-naive records inside its transaction: the failed write rolls the key back, and the answer is 500', async () => {
    // The partition starts once the SELECT has run: the charge happens, then the INSERTs cannot.
    const scenario: Scenario = {
      ...storeUnreachable,
      network: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 },
      provider: { ...storeUnreachable.provider, latency: { kind: 'constant', ms: 100 } },
      faults: [{ atMs: 50, fault: { kind: 'partition', between: ['service-1'], and: ['postgres'] } }],
    };
    const outcome = await runExperiment({ scenario, strategy: strategyNamed('db-naive'), seed: 1 });
    expect(answers(outcome)).toEqual(['pay-1 -> 500']);
    expect(outcome.ledger.map((entry) => entry.chargeId)).toEqual(['ch_1']);
  });
});

/** Runs the experiment and reads its payments table at the end of the run, before the database goes back to the pool. */
async function runReadingPayments(
  scenario: Scenario,
  strategy: string,
): Promise<{ outcome: Outcome; table: Array<Record<string, unknown>> }> {
  const tables: Array<Array<Record<string, unknown>>> = [];
  const release = PostgresServer.prototype.release;
  vi.spyOn(PostgresServer.prototype, 'release').mockImplementation(function (this: PostgresServer) {
    tables.push(
      this.select('SELECT charge_id, amount, currency, idempotency_key FROM payments ORDER BY charge_id'),
    );
    release.call(this);
  });
  const outcome = await runExperiment({ scenario, strategy: strategyNamed(strategy), seed: 1 });
  expect(tables).toHaveLength(1);
  return { outcome, table: tables[0] ?? [] };
}

/** The rows the payments table should hold: one per charge in the provider's ledger. */
function rowsOf(outcome: Outcome): Array<Record<string, unknown>> {
  return outcome.ledger
    .map((entry) => ({
      charge_id: entry.chargeId,
      amount: entry.amount,
      currency: 'EUR',
      idempotency_key: `idem-${entry.intentId}`,
    }))
    .sort((a, b) => a.charge_id.localeCompare(b.charge_id));
}

describe('the payments table', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const name of strategies.keys()) {
    it(`${name}: one row per charge in a healthy run`, async () => {
      const { outcome, table } = await runReadingPayments(bundledScenario('01-happy-path'), name);
      expect(outcome.ledger).toHaveLength(50);
      expect(table).toEqual(rowsOf(outcome));
    });
  }

  it('db-atomic: a charge the provider replays is recorded again harmlessly (ON CONFLICT DO NOTHING)', async () => {
    const { outcome, table } = await runReadingPayments(
      bundledScenario('19-gateway-retries-on-5xx'),
      'db-atomic',
    );
    const inserts = loose(outcome).filter(
      (entry) => entry.type === 'pg.exec' && String(entry['sql']).startsWith('INSERT INTO payments'),
    );
    // 22 writes for 20 charges: the stalled writes ran when PostgreSQL woke, and the takeovers wrote again.
    expect(inserts.map((entry) => entry['rows'])).toHaveLength(22);
    expect(inserts.filter((entry) => entry['rows'] === 0)).toHaveLength(2);
    expect(table).toEqual(rowsOf(outcome));
  });
});
