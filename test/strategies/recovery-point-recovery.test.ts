/**
 * recovery-point through the whole world: one payment, and service-1 killed at each phase boundary
 * (just after a phase's COMMIT reached it, or just after the provider's charge did). Whoever runs
 * the key next, the client's retry once the lock is stale or the completer, resumes at the last
 * committed recovery point: one charge, one payment row, and the key finished with its answer.
 *
 * For a new key the service's statements to PostgreSQL are: phase 1 BEGIN, SELECT ... FOR UPDATE,
 * INSERT, COMMIT (replies 1-4); phase 2 BEGIN, UPDATE (the fenced advance), INSERT the local
 * record, COMMIT (5-8); the charge; phase 3 BEGIN, UPDATE, UPDATE the local record, INSERT into
 * payments, COMMIT (9-13); phase 4 BEGIN, UPDATE, COMMIT (14-16).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostgresServer } from '../../src/components/postgres/postgres-server.js';
import { runExperiment, type Outcome } from '../../src/experiment/run-experiment.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { recoveryPoint } from '../../src/strategies/recovery-point.js';
import type { WorldFault } from '../../src/world/nemesis.js';
import { harmsOf, NO_HARM } from './mechanism-run.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * One payment; service-1 dies at `crash` and is back a second later; the client retries patiently
 * (or, with one attempt, never). `completer: false` leaves the key to the client's retry alone.
 */
function crashing(
  crash: Omit<Extract<WorldFault, { kind: 'crash-at' }>, 'kind' | 'node'>,
  attemptsMax: number,
  completer = true,
): Scenario {
  return {
    ...defaultScenario,
    name: 'recovery-point-crash',
    horizonMs: 60_000,
    workload: { ...defaultScenario.workload, payments: 1 },
    client: {
      ...defaultScenario.client,
      retry: { attemptsMax, backoffBaseMs: 500, backoffMaxMs: 4000, jitter: 'equal' },
    },
    faults: [{ atMs: 0, fault: { kind: 'crash-at', node: 'service-1', restartAfterMs: 1000, ...crash } }],
    strategyConfig: { 'recovery-point': { completer } },
  };
}

interface Ending {
  readonly outcome: Outcome;
  /** The key rows at the end of the run: 'idem-pay-1 finished locked_at=null 201'. */
  readonly keys: string[];
  /** The payments table at the end of the run: 'ch_1 idem-pay-1'. */
  readonly payments: string[];
}

/** Runs the scenario and reads the key rows and the payments table before the database goes back to the pool. */
async function runReadingTables(scenario: Scenario, seed = 1): Promise<Ending> {
  const tables: Array<Pick<Ending, 'keys' | 'payments'>> = [];
  const release = PostgresServer.prototype.release;
  vi.spyOn(PostgresServer.prototype, 'release').mockImplementation(function (this: PostgresServer) {
    const keys = this.select(
      'SELECT key, recovery_point, locked_at, response_code FROM idempotency_keys ORDER BY key',
    );
    const payments = this.select('SELECT charge_id, idempotency_key FROM payments ORDER BY charge_id');
    tables.push({
      keys: keys.map(
        (row) =>
          `${row['key']} ${row['recovery_point']} locked_at=${row['locked_at']} ${row['response_code']}`,
      ),
      payments: payments.map((row) => `${row['charge_id']} ${row['idempotency_key']}`),
    });
    release.call(this);
  });
  const outcome = await runExperiment({ scenario, strategy: recoveryPoint, seed });
  expect(tables).toHaveLength(1);
  return { outcome, ...(tables[0] ?? { keys: [], payments: [] }) };
}

/** The PostgreSQL commits that reached service-1 before it died, and the crash: what the crash left committed. */
function commitsBeforeCrash(outcome: Outcome): number {
  const crashAt = outcome.trace.find((entry) => entry.type === 'node.crash')?.t ?? Infinity;
  return outcome.trace.filter((entry) => entry.type === 'pg.commit' && entry.t <= crashAt).length;
}

const FINISHED = ['idem-pay-1 finished locked_at=null 201'];

describe("recovery-point: a crash at each phase boundary, and the client's retry resumes at the last recovery point", () => {
  it.each([
    [4, 1, 'started'],
    [8, 2, 'payment_created'],
    [13, 3, 'charge_created'],
    [16, 4, 'finished'],
  ])(
    'killed as the COMMIT of phase reply %i arrives (%i phases committed, at %s): one charge, key finished',
    async (nth, phases) => {
      const ending = await runReadingTables(crashing({ on: 'reply', peer: 'postgres', nth }, 8, false));
      expect(commitsBeforeCrash(ending.outcome)).toBe(phases);
      expect(harmsOf(ending.outcome)).toEqual(NO_HARM);
      expect(
        ending.outcome.ledger.map((entry) => `${entry.chargeId} ${entry.intentId} ${entry.idempotencyKey}`),
      ).toEqual(['ch_1 pay-1 payment:idem-pay-1']);
      expect(ending.keys).toEqual(FINISHED);
      expect(ending.payments).toEqual(['ch_1 idem-pay-1']);
      expect(ending.outcome.history.intents.map((intent) => intent.result)).toEqual(['succeeded']);
    },
  );

  it('killed as the charge arrives (at payment_created, charged): the retry charges again with the same provider key, which the provider replays', async () => {
    const ending = await runReadingTables(crashing({ on: 'reply', peer: 'psp', nth: 1 }, 8, false));
    expect(commitsBeforeCrash(ending.outcome)).toBe(2);
    expect(harmsOf(ending.outcome)).toEqual(NO_HARM);
    const replays = ending.outcome.trace
      .filter((entry) => entry.type === 'psp.key')
      .map((entry) => `${entry['key']} ${entry['decision']}`);
    expect(replays).toEqual(['payment:idem-pay-1 replay']);
    expect(ending.outcome.ledger.map((entry) => entry.chargeId)).toEqual(['ch_1']);
    expect(ending.keys).toEqual(FINISHED);
    expect(ending.payments).toEqual(['ch_1 idem-pay-1']);
  });
});

describe('recovery-point: the completer finishes a key its client gave up on', () => {
  it('no retry after a crash past the charge: the completer resumes at payment_created, the provider replays, the key is finished', async () => {
    const ending = await runReadingTables(crashing({ on: 'reply', peer: 'psp', nth: 1 }, 1));
    expect(ending.outcome.history.attempts).toHaveLength(1);
    expect(ending.outcome.ledger.map((entry) => entry.chargeId)).toEqual(['ch_1']);
    expect(harmsOf(ending.outcome).doubleCharged).toEqual([]);
    expect(ending.keys).toEqual(FINISHED);
    expect(ending.payments).toEqual(['ch_1 idem-pay-1']);
  });

  it('no retry after a crash at charge_created: the completer records the answer from the local payment record', async () => {
    const ending = await runReadingTables(crashing({ on: 'reply', peer: 'postgres', nth: 13 }, 1));
    expect(ending.outcome.ledger.map((entry) => entry.chargeId)).toEqual(['ch_1']);
    expect(ending.keys).toEqual(FINISHED);
  });

  it('with the completer off, the same key stays unfinished at its recovery point, its lock stale', async () => {
    const ending = await runReadingTables(crashing({ on: 'reply', peer: 'postgres', nth: 13 }, 1, false));
    expect(ending.keys).toEqual([expect.stringMatching(/^idem-pay-1 charge_created locked_at=\d/)]);
  });

  it('killed at payment_created before the charge, the patient client retrying: the completer charges first, once; its charge carries no intent', async () => {
    const ending = await runReadingTables(crashing({ on: 'reply', peer: 'postgres', nth: 8 }, 8));
    // The completer learnt of the payment from a row, which carries no causal context, and no
    // request with context ever sends the provider key again (the retry finds the key finished
    // and replays it): the ledger cannot say whose charge it is, so the checkers call the
    // payment lost and its client told paid early. One charge, made once, as the key row says.
    expect(
      ending.outcome.ledger.map((entry) => `${entry.chargeId} ${entry.intentId} ${entry.idempotencyKey}`),
    ).toEqual(['ch_1 null payment:idem-pay-1']);
    expect(harmsOf(ending.outcome)).toEqual({ ...NO_HARM, lost: ['pay-1'], toldPaidEarly: ['pay-1'] });
    expect(ending.keys).toEqual(FINISHED);
    expect(ending.payments).toEqual(['ch_1 idem-pay-1']);
    expect(ending.outcome.history.intents.map((intent) => intent.result)).toEqual(['succeeded']);
  });
});
