/**
 * The database port: what a strategy sees of PostgreSQL, shaped like node-postgres.
 *
 * Every `query` is one RPC to the database node: request latency, atomic execution on arrival
 * (or a wait for another transaction's row lock or uncommitted unique key), reply latency. Errors the
 * server reports throw `DatabaseError` with the SQLSTATE in `code`; a lost reply or a partition
 * throws `CallTimeoutError` (the statement may or may not have run, a COMMIT may or may not have
 * committed); a database that is down throws `CallRefusedError` (it did not run).
 */
import type { Proc } from '../../engine/effects.js';

export interface QueryResult<Row> {
  readonly rows: Row[];
  /** Rows returned, or rows written by INSERT / UPDATE / DELETE (PostgreSQL's command tag count). */
  readonly rowCount: number;
  /** The command tag's verb: "SELECT", "INSERT", "COMMIT"; "ROLLBACK" for a COMMIT of a failed transaction. */
  readonly command: string;
}

/** Something that runs SQL: the pool (each statement autocommits) or one transaction's connection. */
export interface Queryable {
  /**
   * Runs one statement. `params` bind `$1`, `$2`, ... as node-postgres does (sent as text, typed
   * by the server from context): strings, numbers, booleans, null, Dates, arrays, JSON objects.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Proc<QueryResult<Row>>;
}

/** The isolation levels a transaction may ask for. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /**
   * The isolation level (default 'read committed'), sent as `BEGIN ISOLATION LEVEL ...`. At
   * 'repeatable read' and 'serializable' a statement may fail with 40001
   * (`SQLSTATE.serializationFailure`): the whole transaction must then be retried, as with
   * PostgreSQL. Retrying is the caller's job: `transaction` does not retry.
   */
  readonly isolation?: IsolationLevel;
}

export interface DatabasePort extends Queryable {
  /**
   * Runs `body` in a transaction on its own connection: BEGIN, the body, COMMIT; if the body (or
   * the COMMIT) throws, sends ROLLBACK and rethrows the original error. As with node-postgres, a
   * body that swallows a DatabaseError gets its work rolled back silently at COMMIT (the command
   * tag says ROLLBACK). If the caller's node crashes mid-transaction, the server notices the closed
   * connection and rolls the transaction back, releasing its row locks.
   */
  transaction<T>(body: (tx: Queryable) => Proc<T>, options?: TransactionOptions): Proc<T>;
}

/** The SQLSTATE codes the simulated server reports, by PostgreSQL's condition names. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  notNullViolation: '23502',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  activeSqlTransaction: '25001',
  inFailedTransaction: '25P02',
  idleInTransactionTimeout: '25P03',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
  queryCanceled: '57014',
  invalidParameterValue: '22023',
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  protocolViolation: '08P01',
  connectionFailure: '08006',
  featureNotSupported: '0A000',
  internalError: 'XX000',
} as const;

/** The server answered with an error: the statement did not take effect. */
export class DatabaseError extends Error {
  constructor(
    /** The SQLSTATE, e.g. "23505" for a unique violation (see `SQLSTATE`). */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}
