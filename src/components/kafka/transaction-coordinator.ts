/**
 * Producer ids, epochs and transactions: the broker side of idempotence and exactly-once writes.
 *
 * Every idempotent producer gets a producer id; a transactional one keeps its id across restarts
 * through its transactional id, and each InitProducerId bumps the epoch, which fences the older
 * instance (its writes and its commit are refused) and aborts the transaction it left open. A
 * transaction left open past its timeout is aborted and its producer fenced, as Kafka's
 * coordinator does, so a crashed producer cannot block read_committed consumers forever.
 * Not modelled: the __transaction_state log (the state lives in the broker object and survives
 * a broker crash, as it does on real disks), two-phase markers (a commit writes its markers to
 * every partition at once), producer-id expiry.
 */
import { sleep, type Proc } from '../../engine/effects.js';
import type { Simulation } from '../../engine/simulation.js';
import type {
  EndTxnResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
  TxnState,
} from './kafka-protocol.js';

interface ProducerEntry {
  readonly producerId: number;
  epoch: number;
  readonly transactionTimeoutMs: number;
  txn: TxnState | null;
  /** How the last transaction ended, so a resent EndTxn is answered the same way. */
  lastOutcome: 'committed' | 'aborted' | null;
}

export interface TransactionHost {
  readonly sim: Simulation;
  /** Runs a process on the broker node (it dies with the broker). */
  spawn(body: Proc, name: string): void;
  /** Writes a marker to each of the transaction's partitions. */
  writeMarkers(txn: TxnState, marker: 'commit' | 'abort'): void;
}

export class TransactionCoordinator {
  private lastProducerId = 0;
  private lastTxnId = 0;
  private readonly producers = new Map<number, ProducerEntry>();
  private readonly byTransactionalId = new Map<string, ProducerEntry>();

  constructor(private readonly host: TransactionHost) {}

  initProducerId(request: InitProducerIdRequest): InitProducerIdResponse {
    const known =
      request.transactionalId === null ? undefined : this.byTransactionalId.get(request.transactionalId);
    if (known !== undefined) {
      known.epoch++;
      if (known.txn !== null) this.end(known, false, 'fenced');
      return { producerId: known.producerId, epoch: known.epoch };
    }
    const entry: ProducerEntry = {
      producerId: ++this.lastProducerId,
      epoch: 0,
      transactionTimeoutMs: request.transactionTimeoutMs,
      txn: null,
      lastOutcome: null,
    };
    this.producers.set(entry.producerId, entry);
    if (request.transactionalId !== null) this.byTransactionalId.set(request.transactionalId, entry);
    return { producerId: entry.producerId, epoch: entry.epoch };
  }

  /** False when a newer instance or a timeout has bumped the producer's epoch past this one. */
  isCurrent(producerId: number, epoch: number): boolean {
    return this.producers.get(producerId)?.epoch === epoch;
  }

  /** The producer's open transaction, begun on its first transactional write. */
  openTxn(producerId: number): TxnState {
    const entry = this.producers.get(producerId);
    if (entry === undefined) throw new Error(`unknown producer id ${producerId}`);
    if (entry.txn !== null) return entry.txn;
    const txn: TxnState = {
      id: ++this.lastTxnId,
      producerId,
      status: 'open',
      partitions: new Set(),
      startedAtMs: this.host.sim.now,
    };
    entry.txn = txn;
    this.host.spawn(this.expire(entry, txn, entry.transactionTimeoutMs), `kafka/txn-timeout#${txn.id}`);
    return txn;
  }

  endTxn(producerId: number, epoch: number, commit: boolean): EndTxnResponse {
    const entry = this.producers.get(producerId);
    if (entry === undefined || entry.epoch !== epoch) return { type: 'error', error: 'producer-fenced' };
    if (entry.txn === null) {
      // A resend of an EndTxn that already took effect gets the same answer.
      const repeat = entry.lastOutcome === (commit ? 'committed' : 'aborted');
      return repeat ? { type: 'ok' } : { type: 'error', error: 'invalid-txn-state' };
    }
    this.end(entry, commit, 'requested');
    return { type: 'ok' };
  }

  /** After a broker restart: the timeouts of transactions still open start ticking again. */
  resumeTimeouts(): void {
    for (const entry of this.producers.values()) {
      const txn = entry.txn;
      if (txn === null) continue;
      const remainingMs = Math.max(0, txn.startedAtMs + entry.transactionTimeoutMs - this.host.sim.now);
      this.host.spawn(this.expire(entry, txn, remainingMs), `kafka/txn-timeout#${txn.id}`);
    }
  }

  private *expire(entry: ProducerEntry, txn: TxnState, afterMs: number): Proc {
    yield* sleep(afterMs);
    if (entry.txn !== txn) return;
    entry.epoch++;
    this.end(entry, false, 'timeout');
  }

  private end(entry: ProducerEntry, commit: boolean, reason: 'requested' | 'fenced' | 'timeout'): void {
    const txn = entry.txn as TxnState;
    txn.status = commit ? 'committed' : 'aborted';
    entry.txn = null;
    entry.lastOutcome = txn.status;
    this.host.writeMarkers(txn, commit ? 'commit' : 'abort');
    const { sim } = this.host;
    sim.trace.record(sim.now, commit ? 'kafka.txn.commit' : 'kafka.txn.abort', {
      producer: entry.producerId,
      txn: txn.id,
      reason,
    });
  }
}
