/**
 * A definite, non-retriable answer from the broker (fenced producer, unknown topic, a transaction
 * call in the wrong state). Unlike a timeout it is not ambiguous: the request did not take effect.
 */
import type { KafkaErrorCode } from './kafka-protocol.js';

export class KafkaError extends Error {
  constructor(
    readonly code: KafkaErrorCode,
    readonly target: string,
  ) {
    super(`${target} answered ${code}`);
    this.name = 'KafkaError';
  }
}
