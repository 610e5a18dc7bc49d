/**
 * The port: everything a strategy may touch, and nothing else.
 *
 * A strategy is the system under test. It reads like the production code it models, and it sees
 * only this interface, never the world behind it. Every call is one RPC through the simulated
 * network, so every call is a place where the process can crash, stall or time out. A call that
 * times out throws `CallTimeoutError`: the effect may or may not have happened (indeterminate),
 * exactly as with a real HTTP client. A refused connection throws `CallRefusedError`: it
 * definitely did not happen.
 */
import type { Proc } from '../../engine/effects.js';
import type { KafkaPort } from './kafka-port.js';
import type { DatabasePort, Queryable } from './database-port.js';
import type { RedisPort } from './redis-port.js';

export interface ChargeRequest {
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
  /** Sent as the provider's own idempotency key, when the strategy passes one. */
  readonly idempotencyKey?: string;
  /** A reference stored with the charge (metadata), so it can be found later by `findCharge`. */
  readonly reference?: string;
}

export interface Charge {
  readonly chargeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'succeeded';
}

export interface PaymentProviderPort {
  /**
   * Charges the card. Throws ProviderError when the provider answers with an error (409: the same
   * key is still in flight; 400: the key was used with other parameters), CallTimeoutError
   * (unknown outcome) or CallRefusedError (not done).
   */
  charge(request: ChargeRequest): Proc<Charge>;
  /** The charge made with this reference, if any (reconciliation). Throws as `charge` does. */
  findCharge(reference: string): Proc<Charge | null>;
}

/**
 * The service's own record of the money it took: its `payments` table in PostgreSQL, one row per
 * charge. Every payments service writes the charge down after making it and before answering;
 * idempotency designs sit in front of that write, they do not replace it.
 */
export interface PaymentRecordsPort {
  /**
   * Inserts the charge (id, amount, currency, the request's idempotency key) into `payments`, on
   * `db` (a transaction the caller holds) or else as its own statement. Recording a charge id
   * already there changes nothing, so a replayed charge can be recorded again. Throws as
   * `db.query` does: a timeout leaves it unknown whether the row was written.
   */
  record(charge: Charge, idempotencyKey: string | null, db?: Queryable): Proc<void>;
}

export interface ServicePort {
  readonly psp: PaymentProviderPort;
  /** The service's payments table (a no-op in a scenario with `service.recordPayments: false`). */
  readonly payments: PaymentRecordsPort;
  readonly db: DatabasePort;
  readonly redis: RedisPort;
  readonly kafka: KafkaPort;
  /** Suspends the handler for `ms` of virtual time. */
  sleep(ms: number): Proc<void>;
  /** Virtual time, ms (the only clock a strategy may read). */
  now(): number;
}

/** The Kafka topic the service publishes payment requests to (the world creates it). */
export const PAYMENTS_TOPIC = 'payments';

/** The provider answered with an error: the charge was not made by this request. */
export class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`payment provider answered ${status} ${code}`);
    this.name = 'ProviderError';
  }

  /** By name, so a user's strategy loaded with its own copy of this module still recognises it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ProviderError';
  }
}

/** No reply in time: the call may have taken effect. */
export class CallTimeoutError extends Error {
  constructor(readonly target: string) {
    super(`call to ${target} timed out; its outcome is unknown`);
    this.name = 'CallTimeoutError';
  }

  /** By name, so a user's strategy loaded with its own copy of this module still recognises it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'CallTimeoutError';
  }
}

/** The target refused the connection: the call definitely did not take effect. */
export class CallRefusedError extends Error {
  constructor(readonly target: string) {
    super(`${target} refused the connection`);
    this.name = 'CallRefusedError';
  }

  /** By name, so a user's strategy loaded with its own copy of this module still recognises it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'CallRefusedError';
  }
}
