/**
 * One partition of a topic: an append-only log with offsets, the idempotent producers' sequence
 * numbers, and the last stable offset that read_committed consumers may not read past.
 *
 * Modelled: offsets assigned on append; deduplication of a (producer id, epoch, sequence) the
 * partition has already appended, answered with the original offset; transaction markers that
 * take an offset; read_uncommitted reads up to the log end, read_committed up to the first record
 * of a still-open transaction and skips aborted records.
 * Not modelled: replication (the high watermark is the log end: acks=all with in-sync replicas
 * that never lag), retention and compaction (the log starts at offset 0 forever), batching.
 * Real Kafka remembers the last 5 batches per producer and rejects a sequence gap with
 * OutOfOrderSequence so that retries keep order; this log remembers every sequence and accepts
 * gaps, which changes order under retries but never which copies are appended.
 */
import type { IsolationLevel, LogEntry, TxnState } from './kafka-protocol.js';

interface ProducerSequences {
  epoch: number;
  /** Offset each sequence number was appended at. */
  readonly offsets: Map<number, number>;
}

export interface ReadResult {
  readonly entries: readonly LogEntry[];
  readonly nextOffset: number;
}

export class PartitionLog {
  private readonly log: LogEntry[] = [];
  private readonly producers = new Map<number, ProducerSequences>();
  /** The first offset each open transaction wrote here: the last stable offset stops at the lowest. */
  private readonly openTxnFirstOffsets = new Map<TxnState, number>();

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get entries(): readonly LogEntry[] {
    return this.log;
  }

  /** The offset the next append gets; also the high watermark. */
  get endOffset(): number {
    return this.log.length;
  }

  get lastStableOffset(): number {
    let stable = this.endOffset;
    for (const offset of this.openTxnFirstOffsets.values()) stable = Math.min(stable, offset);
    return stable;
  }

  /** The offset this producer's batch was appended at before, if this is a resend of it. */
  duplicateOf(producerId: number, epoch: number, sequence: number): number | undefined {
    const state = this.producers.get(producerId);
    return state === undefined || state.epoch !== epoch ? undefined : state.offsets.get(sequence);
  }

  /** Appends a data record; `epoch` is the producer's (stale epochs are fenced before this). */
  append(fields: Omit<LogEntry, 'offset' | 'marker'>, epoch: number): LogEntry {
    // Spelt out, not spread (V8's slow path, once per record), in the order a spread gave.
    const { key, value, timestampMs, context, producerId, sequence, txn } = fields;
    const entry: LogEntry = {
      key,
      value,
      timestampMs,
      context,
      producerId,
      sequence,
      txn,
      offset: this.endOffset,
      marker: null,
    };
    this.log.push(entry);
    if (fields.producerId !== null && fields.sequence !== null) {
      let state = this.producers.get(fields.producerId);
      // A new epoch starts the producer's sequence numbers again, as after InitProducerId.
      if (state === undefined || state.epoch !== epoch) {
        state = { epoch, offsets: new Map() };
        this.producers.set(fields.producerId, state);
      }
      state.offsets.set(fields.sequence, entry.offset);
    }
    if (fields.txn !== null && !this.openTxnFirstOffsets.has(fields.txn)) {
      this.openTxnFirstOffsets.set(fields.txn, entry.offset);
    }
    return entry;
  }

  appendMarker(txn: TxnState, marker: 'commit' | 'abort', atMs: number): LogEntry {
    const entry: LogEntry = {
      offset: this.endOffset,
      key: null,
      value: null,
      timestampMs: atMs,
      context: null,
      producerId: txn.producerId,
      sequence: null,
      txn,
      marker,
    };
    this.log.push(entry);
    this.openTxnFirstOffsets.delete(txn);
    return entry;
  }

  /**
   * Whether `read(fromOffset, n, isolation)` with any n > 0 would return a record: the same walk,
   * without building the answer, for a long-polling fetch that finds nothing most times it looks.
   */
  hasVisible(fromOffset: number, isolation: IsolationLevel): boolean {
    const limit = this.visibleEnd(isolation);
    for (let offset = fromOffset; offset < limit; offset++)
      if (isVisible(this.log[offset] as LogEntry, isolation)) return true;
    return false;
  }

  /** Where a reader at `isolation` stops: the last stable offset for read_committed. */
  private visibleEnd(isolation: IsolationLevel): number {
    return isolation === 'read_committed' ? this.lastStableOffset : this.endOffset;
  }

  /** Data records from `fromOffset`, at most `maxRecords`, as the isolation level lets them be seen. */
  read(fromOffset: number, maxRecords: number, isolation: IsolationLevel): ReadResult {
    const limit = this.visibleEnd(isolation);
    const entries: LogEntry[] = [];
    let offset = fromOffset;
    for (; offset < limit && entries.length < maxRecords; offset++) {
      const entry = this.log[offset] as LogEntry;
      if (isVisible(entry, isolation)) entries.push(entry);
    }
    return { entries, nextOffset: Math.max(offset, fromOffset) };
  }
}

/** Whether a reader at `isolation` sees the entry: a data record, not of an aborted transaction under read_committed. */
function isVisible(entry: LogEntry, isolation: IsolationLevel): boolean {
  if (entry.marker !== null) return false;
  return !(isolation === 'read_committed' && entry.txn?.status === 'aborted');
}
