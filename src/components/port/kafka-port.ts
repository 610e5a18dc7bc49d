/**
 * The Kafka part of a strategy's port: publish one record, as the service's producer does.
 *
 * A strategy sees only `produce` and, in its consumer worker, a `ConsumedRecord`; their types
 * live here because a strategy may import only from the port folder. The producer behind `produce`
 * belongs to the calling node (one KafkaProducer per service instance, shared by its requests, as
 * in a real service), resends internally on timeouts, and loses its producer id when the node
 * crashes; kafka/make-kafka-port.ts builds it.
 */
import type { Proc } from '../../engine/effects.js';

export interface ProducerRecord {
  /** Records with one key go to one partition; null spreads records round-robin. */
  readonly key: string | null;
  readonly value: unknown;
}

export interface RecordMetadata {
  readonly partition: number;
  readonly offset: number;
}

/** A record as the handler sees it: no causal context (the handler runs inside it instead). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: unknown;
  /** When the broker appended it, ms. */
  readonly timestampMs: number;
}

export interface KafkaPort {
  /**
   * Appends one record to the topic and returns where it landed. Throws CallTimeoutError when
   * the ack never came (the record may be in the log, even twice without idempotence),
   * CallRefusedError when it definitely is not, KafkaError on a definite broker error.
   */
  produce(topic: string, record: ProducerRecord): Proc<RecordMetadata>;
}
