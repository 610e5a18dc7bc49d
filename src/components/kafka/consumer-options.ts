/**
 * What a consumer group is configured with, and what its handler receives.
 *
 * Defaults are Kafka's (3.x/4.x Java client) except where a field's comment says otherwise.
 */
import type { Proc } from '../../engine/effects.js';
import type { ConsumedRecord } from '../port/kafka-port.js';
import type { IsolationLevel } from './kafka-protocol.js';

/**
 * When a member commits a record's offset:
 * - after-processing: commitSync after the handler returns (at least once: a crash or a rebalance
 *   in between redelivers the record);
 * - before-processing: commitSync, then handle (at most once: a crash while handling loses it);
 * - auto: a background timer commits, every autoCommitIntervalMs, the position of every record
 *   already handed to the handler, finished or not (librdkafka's enable.auto.commit with
 *   enable.auto.offset.store: clients built on it, such as node-rdkafka, behave so);
 * - auto-in-poll: the Java client's auto-commit, inside poll() once the interval has passed, which
 *   with a one-thread loop only commits records whose handling has finished.
 * Both auto modes also commit before rejoining a rebalance, as the clients do.
 */
export type CommitMode = 'after-processing' | 'before-processing' | 'auto' | 'auto-in-poll';

/** The caller's record processing (the strategy's consumer worker). A throw is a handler error. */
export type RecordHandler = (record: ConsumedRecord) => Proc<void>;

export interface ConsumerGroupOptions {
  /** The group id (required). */
  readonly groupId: string;
  /** The one topic the group subscribes to (required). */
  readonly topic: string;
  /** When offsets are committed relative to processing (required; see CommitMode). */
  readonly commitMode: CommitMode;
  /** Period of auto-commits, ms (default 5000). */
  readonly autoCommitIntervalMs?: number;
  /** The coordinator removes a member after this long without a heartbeat, ms (default 45000). */
  readonly sessionTimeoutMs?: number;
  /** Period of heartbeats, ms (default 3000). */
  readonly heartbeatIntervalMs?: number;
  /** A member that does not poll for this long leaves the group, ms (default 300000). */
  readonly maxPollIntervalMs?: number;
  /** Most records one poll returns (default 500). */
  readonly maxPollRecords?: number;
  /** How long the broker holds an empty fetch open, ms (default 500; must be > 0). */
  readonly fetchMaxWaitMs?: number;
  /** How long a fetch, heartbeat or one commit attempt waits for its reply, ms (default 30000). */
  readonly requestTimeoutMs?: number;
  /** How long a synchronous commit keeps resending before it fails, ms (default 60000). */
  readonly defaultApiTimeoutMs?: number;
  /** Pause before a resend or a retried join or fetch, ms (default 100). */
  readonly retryBackoffMs?: number;
  /** read_committed hides aborted and still-open transactional records (default read_uncommitted). */
  readonly isolationLevel?: IsolationLevel;
  /** Where a partition without a committed offset starts (default earliest; Kafka's is latest). */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  /**
   * A handler that throws: seek-back re-reads the record after retryBackoffMs (Spring Kafka's
   * default error handler, without its attempt limit), skip moves on and commits past it
   * (default seek-back).
   */
  readonly onHandlerError?: 'seek-back' | 'skip';
}

export type ConsumerSettings = Required<ConsumerGroupOptions>;

export const CONSUMER_DEFAULTS: Omit<ConsumerSettings, 'groupId' | 'topic' | 'commitMode'> = {
  autoCommitIntervalMs: 5000,
  sessionTimeoutMs: 45000,
  heartbeatIntervalMs: 3000,
  maxPollIntervalMs: 300000,
  maxPollRecords: 500,
  fetchMaxWaitMs: 500,
  requestTimeoutMs: 30000,
  defaultApiTimeoutMs: 60000,
  retryBackoffMs: 100,
  isolationLevel: 'read_uncommitted',
  autoOffsetReset: 'earliest',
  onHandlerError: 'seek-back',
};

export function resolveConsumerSettings(options: ConsumerGroupOptions): ConsumerSettings {
  const settings: ConsumerSettings = { ...CONSUMER_DEFAULTS, ...options };
  const positive = [
    'autoCommitIntervalMs',
    'heartbeatIntervalMs',
    'maxPollIntervalMs',
    'maxPollRecords',
    'fetchMaxWaitMs',
  ] as const;
  for (const field of positive) {
    // A zero would spin a loop forever at one instant of virtual time.
    if (!(settings[field] > 0))
      throw new RangeError(`consumer option ${field} must be > 0, got ${settings[field]}`);
  }
  return settings;
}
