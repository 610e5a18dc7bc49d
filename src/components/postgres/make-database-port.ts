/**
 * Builds the database port for code running on one node: every statement an RPC from that node
 * to the PostgreSQL node, each transaction on a session of its own (a pooled connection checked
 * out for the transaction, as `pool.connect()` does), so the server can tie the transaction to
 * the node whose crash closes that connection.
 */
import type { Proc } from '../../engine/effects.js';
import { call } from '../../world/rpc.js';
import type { World } from '../../world/world.js';
import { valueOrThrow } from '../rpc-outcome.js';
import {
  DatabaseError,
  type DatabasePort,
  type Queryable,
  type QueryResult,
  type TransactionOptions,
} from '../port/database-port.js';
import { PG_QUERY_METHOD, type PgReply, type PgRequest } from './pg-protocol.js';

export interface DatabasePortOptions {
  /** The node the calling code runs on (no default). */
  readonly callerNode: string;
  /** The node a PostgresServer serves on (no default). */
  readonly serverNode: string;
  /** How long each statement waits for its reply before throwing CallTimeoutError, ms (no default). */
  readonly timeoutMs: number;
}

/**
 * Transactions opened so far per world and node: session ids stay unique on a node even when its
 * port is built again (after a restart), and a run's ids do not depend on runs before it.
 */
const sessionsOpened = new WeakMap<World, Map<string, number>>();

function nextSessionId(world: World, node: string): string {
  const byNode = sessionsOpened.get(world) ?? new Map<string, number>();
  sessionsOpened.set(world, byNode);
  const count = (byNode.get(node) ?? 0) + 1;
  byNode.set(node, count);
  return `${node}/tx${count}`;
}

export function makeDatabasePort(world: World, options: DatabasePortOptions): DatabasePort {
  const link: DatabaseLink = { world, ...options };
  // Arrows to module-level generators, not generator functions made per port: a generator
  // closure keeps its world alive past the run (see client-workload.ts's Clients).
  return {
    query: (sql, params) => send(link, null, sql, params),
    transaction: (body, transactionOptions) => transaction(link, body, transactionOptions),
  };
}

/** Where one node's statements go, and how long each waits. */
interface DatabaseLink extends DatabasePortOptions {
  readonly world: World;
}

function* send<Row>(
  link: DatabaseLink,
  sessionId: string | null,
  sql: string,
  params: readonly unknown[] = [],
): Proc<QueryResult<Row>> {
  const { world, callerNode, serverNode, timeoutMs } = link;
  const request: PgRequest = { sessionId, sql, params };
  const outcome = yield* call<PgReply>(world, callerNode, serverNode, PG_QUERY_METHOD, request, {
    timeoutMs,
    // The fields pg.exec traces, so a lost statement reads like one that ran.
    carries: () => ({ sql, params: params.length === 0 ? null : JSON.stringify(params) }),
  });
  const reply = valueOrThrow(serverNode, outcome);
  if (!reply.ok) throw new DatabaseError(reply.code, reply.message);
  return { rows: reply.rows as Row[], rowCount: reply.rowCount, command: reply.command };
}

function* transaction<T>(
  link: DatabaseLink,
  body: (tx: Queryable) => Proc<T>,
  options: TransactionOptions = {},
): Proc<T> {
  const sessionId = nextSessionId(link.world, link.callerNode);
  const tx: Queryable = { query: (sql, params) => send(link, sessionId, sql, params) };
  const isolation = options.isolation ?? 'read committed';
  try {
    yield* send(
      link,
      sessionId,
      isolation === 'read committed' ? 'BEGIN' : `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`,
    );
    const value = yield* body(tx);
    yield* send(link, sessionId, 'COMMIT');
    return value;
  } catch (error) {
    try {
      yield* send(link, sessionId, 'ROLLBACK');
    } catch {
      // The error that made us roll back is the one the caller needs to see.
    }
    throw error;
  }
}
