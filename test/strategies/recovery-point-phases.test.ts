/**
 * recovery-point's phases on a scripted port: each statement it sends, in order, with the answers
 * a PostgreSQL 15 server would give, so the SQL of every phase, the SERIALIZABLE transactions and
 * the retry of a phase after a serialization failure (40001) are pinned as a whole log.
 */
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/components/port/http.js';
import type { Queryable, QueryResult } from '../../src/components/port/database-port.js';
import { DatabaseError } from '../../src/components/port/database-port.js';
import type { Charge, ServicePort } from '../../src/components/port/port.js';
import type { Proc } from '../../src/engine/effects.js';
import { runRequest } from '../../src/strategies/recovery-point-request.js';
import {
  RECOVERY_POINT_DEFAULTS,
  type RecoveryPointConfig,
} from '../../src/strategies/recovery-point-schema.js';
import type { StrategyContext } from '../../src/strategies/strategy.js';

type Answer = Partial<QueryResult<Record<string, unknown>>> | DatabaseError;

/** A port whose database answers each statement from `answers` in turn (none left: one row written), and logs them. */
function scriptedPort(answers: Answer[], charge: Charge | Error = CHARGE) {
  const log: string[] = [];
  function* query<Row>(sql: string, params: readonly unknown[] = []): Proc<QueryResult<Row>> {
    log.push(`${sql.split(' ').slice(0, 3).join(' ')} ${JSON.stringify(params)}`);
    const answer = answers.shift() ?? { rowCount: 1 };
    if (answer instanceof DatabaseError) throw answer;
    const rows = (answer.rows ?? []) as Row[];
    return { rows, rowCount: answer.rowCount ?? rows.length, command: answer.command ?? 'OK' };
  }
  const tx: Queryable = { query };
  const ctx = {
    config: RECOVERY_POINT_DEFAULTS,
    now: () => 1000,
    db: {
      query,
      *transaction<T>(body: (tx: Queryable) => Proc<T>, options?: { readonly isolation?: string }): Proc<T> {
        log.push(`BEGIN ${options?.isolation ?? 'read committed'}`);
        try {
          const value = yield* body(tx);
          log.push('COMMIT');
          return value;
        } catch (error) {
          log.push('ROLLBACK');
          throw error;
        }
      },
    },
    psp: {
      *charge(request: { readonly idempotencyKey?: string }) {
        log.push(`charge ${request.idempotencyKey}`);
        if (charge instanceof Error) throw charge;
        return charge;
      },
      *findCharge() {
        return null;
      },
    },
    payments: {
      *record(recorded: Charge, key: string | null, db?: Queryable) {
        log.push(`record ${recorded.chargeId} ${key} ${db === tx ? 'in the phase' : 'alone'}`);
      },
    },
  } as unknown as StrategyContext<RecoveryPointConfig> & ServicePort;
  return { ctx, log };
}

const CHARGE: Charge = { chargeId: 'ch_1', amount: 1000, currency: 'EUR', status: 'succeeded' };
const BODY = { amount: 1000, currency: 'EUR' };
const PARAMS = '{"amount":1000,"currency":"EUR"}';

/** Drives a process that never waits (the scripted port answers at once) to its value. */
function runNow<T>(proc: Proc<T>): T {
  const step = proc.next();
  if (!step.done) throw new Error('the scripted port never waits');
  return step.value;
}

function keyRow(fields: Record<string, unknown>): Answer {
  return {
    rows: [
      {
        request_method: 'POST',
        request_path: '/payments',
        request_params: PARAMS,
        locked_at: null,
        recovery_point: 'started',
        response_code: null,
        response_body: null,
        ...fields,
      },
    ],
  };
}

const serializationFailure = () =>
  new DatabaseError('40001', 'could not serialize access due to concurrent update');

describe('recovery-point phases', () => {
  it('a new key: four SERIALIZABLE phases, the charge between the second and third with the derived key', () => {
    const { ctx, log } = scriptedPort([{ rows: [] }]);
    const response: HttpResponse = runNow(runRequest('k1', BODY, ctx));
    expect(response).toEqual({ status: 201, body: CHARGE });
    expect(log).toEqual([
      'BEGIN serializable',
      'SELECT request_method, request_path, ["k1"]',
      `INSERT INTO idempotency_keys ["k1",1000,1000,1000,"POST","/payments",${JSON.stringify(PARAMS)}]`,
      'COMMIT',
      'BEGIN serializable',
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'INSERT INTO payment_intents ["k1@1000","k1",1000,"EUR"]',
      'COMMIT',
      'charge payment:k1',
      'BEGIN serializable',
      'UPDATE idempotency_keys SET ["charge_created","k1",1000,"payment_created"]',
      'UPDATE payment_intents SET ["ch_1","k1"]',
      'record ch_1 k1 in the phase',
      'COMMIT',
      'BEGIN serializable',
      `UPDATE idempotency_keys SET [201,${JSON.stringify(JSON.stringify(CHARGE))},"k1",1000]`,
      'COMMIT',
    ]);
  });

  it('a stale lock at charge_created: the retry takes the lock and finishes from the local payment record', () => {
    const { ctx, log } = scriptedPort([
      keyRow({ locked_at: 1000 - 5001, recovery_point: 'charge_created' }),
      { rowCount: 1 },
      { rows: [{ amount: 1000, currency: 'EUR', charge_id: 'ch_1' }] },
      { rowCount: 1 },
    ]);
    expect(runNow(runRequest('k1', BODY, ctx))).toEqual({ status: 201, body: CHARGE });
    expect(log.filter((line) => !line.startsWith('BEGIN') && line !== 'COMMIT')).toEqual([
      'SELECT request_method, request_path, ["k1"]',
      'UPDATE idempotency_keys SET [1000,1000,"k1"]',
      'SELECT amount, currency, ["k1"]',
      `UPDATE idempotency_keys SET [201,${JSON.stringify(JSON.stringify(CHARGE))},"k1",1000]`,
    ]);
  });

  it.each([
    [
      'a finished key replays its stored answer',
      keyRow({ recovery_point: 'finished', response_code: 201, response_body: JSON.stringify(CHARGE) }),
      { status: 201, body: CHARGE },
    ],
    [
      'a live lock is refused with 409',
      keyRow({ locked_at: 1000 - 4999 }),
      { status: 409, body: { error: 'a request with this Idempotency-Key is in progress; retry later' } },
    ],
    [
      'another request under the key is 422',
      keyRow({ request_params: '{"amount":1500,"currency":"EUR"}' }),
      { status: 422, body: { error: 'Idempotency-Key reused with another request' } },
    ],
  ])('%s, and nothing is written', (_name, found, answer) => {
    const { ctx, log } = scriptedPort([found]);
    expect(runNow(runRequest('k1', BODY, ctx))).toEqual(answer);
    expect(log).toEqual(['BEGIN serializable', 'SELECT request_method, request_path, ["k1"]', 'COMMIT']);
  });

  it('a serialization failure (40001) runs the phase again, in a new transaction', () => {
    const { ctx, log } = scriptedPort([serializationFailure(), { rows: [] }, { rowCount: 1 }]);
    expect(runNow(runRequest('k1', BODY, ctx))).toEqual({ status: 201, body: CHARGE });
    expect(log.slice(0, 7)).toEqual([
      'BEGIN serializable',
      'SELECT request_method, request_path, ["k1"]',
      'ROLLBACK',
      'BEGIN serializable',
      'SELECT request_method, request_path, ["k1"]',
      `INSERT INTO idempotency_keys ["k1",1000,1000,1000,"POST","/payments",${JSON.stringify(PARAMS)}]`,
      'COMMIT',
    ]);
  });

  it('a phase that keeps failing with 40001 answers 429 after serializationRetriesMax retries and releases the lock', () => {
    const failures = Array.from({ length: 4 }, serializationFailure);
    const { ctx, log } = scriptedPort([{ rows: [] }, { rowCount: 1 }, ...failures, { rowCount: 1 }]);
    const response = runNow(runRequest('k1', BODY, ctx));
    expect(response.status).toBe(429);
    expect(log.filter((line) => line.startsWith('UPDATE') || line === 'ROLLBACK')).toEqual([
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'ROLLBACK',
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'ROLLBACK',
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'ROLLBACK',
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'ROLLBACK',
      'UPDATE idempotency_keys SET ["k1",1000]', // the lock released, fenced by our locked_at
    ]);
  });

  it('a lock taken over while the request was away: its phase writes nothing and it answers 409', () => {
    const { ctx, log } = scriptedPort([{ rows: [] }, { rowCount: 1 }, { rowCount: 0 }]);
    expect(runNow(runRequest('k1', BODY, ctx)).status).toBe(409);
    expect(log.slice(-3)).toEqual([
      'BEGIN serializable',
      'UPDATE idempotency_keys SET ["payment_created","k1",1000,"started"]',
      'ROLLBACK',
    ]);
  });
});
