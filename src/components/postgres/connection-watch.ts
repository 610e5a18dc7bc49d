/**
 * How a PostgreSQL server loses a transaction without being told: the client's connection closes
 * (its node crashed), or the transaction sits idle past idle_in_transaction_session_timeout.
 *
 * A killed client process leaves its kernel to close the socket, and the server notices about
 * 1 ms later (measured on PostgreSQL 15) when it next reads it: a statement still running, or
 * blocked on a lock, finishes first. A paused or partitioned client closes nothing, so its
 * transaction and locks stay until the idle timeout, which is off by default. Both timers run as
 * processes on the server's node, so a paused server notices late and a crashed one not at all.
 */
import { sleep, type Proc } from '../../engine/effects.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { OpenTransaction } from './open-transaction.js';

export interface ConnectionWatchOptions {
  /** How long after a client's node crashes the server rolls back its transactions, ms (default 1). */
  readonly clientCrashDetectMs?: number;
  /** idle_in_transaction_session_timeout: roll back and disconnect a transaction idle this long, ms (default: off). */
  readonly idleInTransactionTimeoutMs?: number;
}

export type LossReason = 'client-crash' | 'idle-timeout';

export class ConnectionWatch {
  private readonly watchedClients = new Set<string>();
  /** Sessions the server disconnected (idle timeout): their next statement learns why. */
  private readonly disconnected = new Map<string, DatabaseError>();

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: ConnectionWatchOptions,
    /** The open transactions now. */
    private readonly open: () => Iterable<OpenTransaction>,
    /** Rolls a transaction back and closes its session. */
    private readonly lose: (tx: OpenTransaction, reason: LossReason) => void,
  ) {
    node.onCrash(() => this.disconnected.clear());
  }

  /** What a statement on a session the server no longer has gets told. */
  lostSession(sessionId: string): DatabaseError {
    const lost = new DatabaseError(SQLSTATE.connectionFailure, 'connection to the server was lost');
    return this.disconnected.get(sessionId) ?? lost;
  }

  /** Starts listening for the crash of a node that opened a transaction. */
  watchClient(client: string): void {
    if (this.watchedClients.has(client) || !this.world.hasNode(client)) return;
    this.watchedClients.add(client);
    this.world.node(client).onCrash(() => {
      const owned = [...this.open()].filter((tx) => tx.client === client);
      if (owned.length === 0 || this.node.state === 'crashed') return;
      this.node.spawn(this.noticeClosedConnections(owned), `${this.node.name}/connection-closed`, undefined);
    });
  }

  /** A session's statement finished: lose it now if its client is gone, else start the idle clock. */
  idle(tx: OpenTransaction): void {
    if (tx.closed || tx.busy) return;
    if (tx.doomed) {
      this.lose(tx, 'client-crash');
      return;
    }
    const timeoutMs = this.options.idleInTransactionTimeoutMs;
    if (timeoutMs === undefined) return;
    this.node.spawn(this.idleTimer(tx, tx.activity, timeoutMs), `${this.node.name}/idle-timeout`, undefined);
  }

  private *noticeClosedConnections(owned: readonly OpenTransaction[]): Proc {
    yield* sleep(this.options.clientCrashDetectMs ?? 1);
    for (const tx of owned) {
      if (tx.closed) continue;
      if (tx.busy) tx.doomed = true;
      else this.lose(tx, 'client-crash');
    }
  }

  private *idleTimer(tx: OpenTransaction, activity: number, timeoutMs: number): Proc {
    yield* sleep(timeoutMs);
    if (tx.closed || tx.busy || tx.activity !== activity) return;
    const message = 'terminating connection due to idle-in-transaction timeout';
    this.disconnected.set(tx.sessionId ?? '', new DatabaseError(SQLSTATE.idleInTransactionTimeout, message));
    this.lose(tx, 'idle-timeout');
  }
}
