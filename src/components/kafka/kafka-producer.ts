/**
 * A Kafka producer on one node: partitioner, internal retries, idempotence and transactions.
 *
 * Each send is one record in its own batch (no linger, no batching) and waits for its ack
 * (acks=all). On a timeout or a refused connection it resends the same batch, up to `retries`
 * within `deliveryTimeoutMs`: with idempotence the broker drops a resend it already appended and
 * answers with the first offset; without it, a resend after a lost ack is a second record. A new
 * send call is always a new record: idempotence covers the producer's own resends, not the
 * caller's retries. The producer's id and sequence numbers live in the node's memory: a crash
 * loses them and the next send starts a new producer id.
 */
import { wait, type Proc } from '../../engine/effects.js';
import { Future } from '../../engine/future.js';
import type { TraceEvents, TraceKind } from '../../engine/trace.js';
import { currentContext } from '../../world/causal-context.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import { CallRefusedError, CallTimeoutError } from '../port/port.js';
import { requestWithRetries, type Retried } from './broker-request.js';
import { KafkaError } from './kafka-error.js';
import {
  KAFKA_METHODS,
  type EndTxnResponse,
  type InitProducerIdResponse,
  type MetadataResponse,
  type ProduceRequest,
  type ProduceResponse,
} from './kafka-protocol.js';
import { partitionForKey } from './partition-for-key.js';
import type { ProducerRecord, RecordMetadata } from '../port/kafka-port.js';
import { PRODUCER_DEFAULTS, type ProducerOptions, type ProducerSettings } from './producer-options.js';

/** What one producer instance knows; lost when its node crashes. */
interface Session {
  readonly topics: Readonly<Record<string, number>>;
  /** Null without idempotence. */
  readonly producerId: number | null;
  readonly epoch: number;
  readonly nextSequences: Map<string, number>;
  roundRobin: number;
}

export class KafkaProducer {
  readonly settings: ProducerSettings;
  private session: Session | null = null;
  private connecting: Future<Session | null> | null = null;
  private inTransaction = false;

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly brokerNode: string,
    options: ProducerOptions = {},
  ) {
    this.settings = { ...PRODUCER_DEFAULTS, ...options };
    node.onCrash(() => {
      this.session = null;
      this.connecting = null;
      this.inTransaction = false;
    });
  }

  get transactional(): boolean {
    return this.settings.transactionalId !== null;
  }

  /**
   * Sends one record and waits for its ack. Throws CallTimeoutError when no ack came (the record
   * may be in the log, once or, without idempotence, more), CallRefusedError when it definitely
   * is not, KafkaError on a definite broker error (a fenced producer).
   */
  *send(topic: string, record: ProducerRecord): Proc<RecordMetadata> {
    const session = this.transactional ? this.transactionSession() : yield* this.connect();
    const partitions = session.topics[topic];
    if (partitions === undefined) throw new KafkaError('unknown-topic-or-partition', this.brokerNode);
    const partition =
      record.key === null ? session.roundRobin++ % partitions : partitionForKey(record.key, partitions);
    const sequence = session.producerId === null ? null : takeSequence(session, `${topic}/${partition}`);
    const request: ProduceRequest = {
      topic,
      partition,
      key: record.key,
      value: record.value,
      producerId: session.producerId,
      epoch: session.epoch,
      sequence,
      transactional: this.transactional,
    };
    // The sending process's intent: a resend is part of that payment's story.
    const intent = currentContext(this.world.sim)?.intentId ?? null;
    const where = { node: this.node.name, topic, partition, producer: session.producerId, seq: sequence };
    const retried = yield* this.request<ProduceResponse>(KAFKA_METHODS.produce, request, (attempt) =>
      this.trace('kafka.produce.resend', { ...where, attempt, intent }),
    );
    if (retried.type === 'gave-up') {
      this.trace('kafka.produce.give-up', { ...where, indeterminate: retried.indeterminate, intent });
      throw retried.indeterminate
        ? new CallTimeoutError(this.brokerNode)
        : new CallRefusedError(this.brokerNode);
    }
    if (retried.value.type === 'error') throw new KafkaError(retried.value.error, this.brokerNode);
    return { partition, offset: retried.value.offset };
  }

  /** Registers the transactional id: bumps its epoch, fencing an older instance and aborting its transaction. */
  *initTransactions(): Proc<void> {
    if (!this.transactional) throw new Error('initTransactions needs a transactionalId');
    this.session = null;
    this.inTransaction = false;
    yield* this.connect();
  }

  beginTransaction(): void {
    if (this.transactional && this.session !== null && !this.inTransaction) this.inTransaction = true;
    else
      throw new Error(
        'beginTransaction needs a transactional producer after initTransactions, outside a transaction',
      );
  }

  *commitTransaction(): Proc<void> {
    yield* this.endTransaction(true);
  }

  *abortTransaction(): Proc<void> {
    yield* this.endTransaction(false);
  }

  private *endTransaction(commit: boolean): Proc<void> {
    const session = this.transactionSession();
    const request = { producerId: session.producerId, epoch: session.epoch, commit };
    const retried = yield* this.request<EndTxnResponse>(KAFKA_METHODS.endTxn, request);
    // Still in the transaction after a timeout: the caller may retry the commit or abort.
    if (retried.type === 'gave-up') {
      throw retried.indeterminate
        ? new CallTimeoutError(this.brokerNode)
        : new CallRefusedError(this.brokerNode);
    }
    this.inTransaction = false;
    if (retried.value.type === 'error') throw new KafkaError(retried.value.error, this.brokerNode);
  }

  private transactionSession(): Session {
    if (this.session === null || !this.inTransaction) {
      throw new Error('no transaction in progress (beginTransaction first)');
    }
    return this.session;
  }

  /** Metadata and a producer id, once per producer instance; concurrent senders share one handshake. */
  private *connect(): Proc<Session> {
    if (this.session !== null) return this.session;
    let connecting = this.connecting;
    let session: Session | null;
    if (connecting !== null) {
      session = yield* wait(connecting);
    } else {
      connecting = new Future<Session | null>();
      this.connecting = connecting;
      session = yield* this.handshake();
      if (this.connecting === connecting) {
        this.connecting = null;
        this.session = session;
      }
      connecting.resolve(session);
    }
    // Nothing was sent: a failed handshake means the record definitely is not in the log.
    if (session === null) throw new CallRefusedError(this.brokerNode);
    return session;
  }

  private *handshake(): Proc<Session | null> {
    const metadata = yield* this.request<MetadataResponse>(KAFKA_METHODS.metadata, {});
    if (metadata.type !== 'ok') return null;
    let producerId: number | null = null;
    let epoch = 0;
    if (this.settings.idempotence || this.transactional) {
      const { transactionalId, transactionTimeoutMs } = this.settings;
      const init = yield* this.request<InitProducerIdResponse>(KAFKA_METHODS.initProducerId, {
        transactionalId,
        transactionTimeoutMs,
      });
      if (init.type !== 'ok') return null;
      ({ producerId, epoch } = init.value);
      this.trace('kafka.producer.init', { node: this.node.name, producer: producerId, epoch });
    }
    return { topics: metadata.value.topics, producerId, epoch, nextSequences: new Map(), roundRobin: 0 };
  }

  private *request<T>(method: string, body: unknown, onResend?: (attempt: number) => void): Proc<Retried<T>> {
    const { requestTimeoutMs, retryBackoffMs, retries, deliveryTimeoutMs } = this.settings;
    const deadlineMs = this.world.sim.now + deliveryTimeoutMs;
    const options = {
      requestTimeoutMs,
      retryBackoffMs,
      retries,
      deadlineMs,
      ...(onResend ? { onResend } : {}),
    };
    return yield* requestWithRetries<T>(this.world, this.node.name, this.brokerNode, method, body, options);
  }

  private trace<K extends TraceKind>(type: K, fields: TraceEvents[K]): void {
    this.world.sim.trace.record(this.world.sim.now, type, fields);
  }
}

function takeSequence(session: Session, partitionKey: string): number {
  const sequence = session.nextSequences.get(partitionKey) ?? 0;
  session.nextSequences.set(partitionKey, sequence + 1);
  return sequence;
}
