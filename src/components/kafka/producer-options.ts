/**
 * What a Kafka producer is configured with (what it sends and gets back is in port/kafka-port.ts).
 *
 * Defaults are Kafka's (3.x/4.x Java client, acks=all).
 */
export interface ProducerOptions {
  /** Producer id + per-partition sequence numbers, so the broker drops resends (default true, as Kafka >= 3.0). */
  readonly idempotence?: boolean;
  /** Makes the producer transactional, which implies idempotence (default null: not transactional). */
  readonly transactionalId?: string | null;
  /** Resends of one batch after a timeout or refusal (default 2147483647, as Kafka: deliveryTimeoutMs bounds it). */
  readonly retries?: number;
  /** Pause before each resend, ms (default 100). */
  readonly retryBackoffMs?: number;
  /** How long one request waits for its reply, ms (default 30000). */
  readonly requestTimeoutMs?: number;
  /** Longest time from a send to giving up on it, resends included, ms (default 120000). */
  readonly deliveryTimeoutMs?: number;
  /** The broker aborts a transaction left open this long, ms (default 60000). */
  readonly transactionTimeoutMs?: number;
}

export type ProducerSettings = Required<ProducerOptions>;

export const PRODUCER_DEFAULTS: ProducerSettings = {
  idempotence: true,
  transactionalId: null,
  retries: 2147483647,
  retryBackoffMs: 100,
  requestTimeoutMs: 30000,
  deliveryTimeoutMs: 120000,
  transactionTimeoutMs: 60000,
};
