/**
 * The trace events the simulated PostgreSQL writes: what it ran for a call and what came of it,
 * transactions beginning, waiting on another's lock, committing or rolling back, and errors
 * (postgres-server.ts). Each names the PostgreSQL node first.
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging).
 */

/** Which transaction: its session (null for an autocommit statement) and the client node that opened it. */
export interface PgTransactionFields {
  readonly node: string;
  readonly session: string | null;
  readonly client: string;
}

import type { WaitLock } from './row-lock-attempt.js';

declare module '../../engine/trace.js' {
  interface TraceEvents {
    /** Small data: the statement as sent, its parameters and first row as JSON text, the tag or SQLSTATE. */
    'pg.exec': {
      readonly node: string;
      readonly call: number;
      readonly session: string | null;
      readonly sql: string;
      /** JSON of the parameters; null when there are none. */
      readonly params: string | null;
      /** The command tag ("INSERT"); null on an error. */
      readonly command: string | null;
      readonly rows: number | null;
      /** JSON of the first row; null when there is none. */
      readonly row: string | null;
      /** The SQLSTATE of an error; null on success. */
      readonly code: string | null;
    };
    'pg.begin': PgTransactionFields;
    /**
     * The statement waits for transaction `on` to end: `on` wrote the same unique key first
     * (`lock` "unique key"), or holds a row the statement must lock in mode `lock` ("update",
     * "no key update", "share", "key share": an UPDATE takes "no key update", a DELETE "update").
     */
    'pg.wait': PgTransactionFields & { readonly on: string | null; readonly lock: WaitLock };
    'pg.commit': PgTransactionFields & PgEndFields;
    'pg.rollback': PgTransactionFields & PgEndFields;
    'pg.error': PgTransactionFields & { readonly code: string };
  }
}

/** How a transaction ended. */
export interface PgEndFields {
  /** Who ended it: "client", "error", "commit-failed", "server-crash", "client-crash", "idle-timeout". */
  readonly reason: string;
  /** Writes it had made (discarded on a rollback). */
  readonly writes: number;
}
