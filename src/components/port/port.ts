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
import type { DatabasePort } from './database-port.js';
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

export interface ServicePort {
  readonly psp: PaymentProviderPort;
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
