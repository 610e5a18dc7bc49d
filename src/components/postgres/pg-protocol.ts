/**
 * The wire shapes between the database port and the simulated PostgreSQL server: one RPC method,
 * one request per statement, errors as data (the RPC layer carries values, not exceptions).
 */

/** The RPC method a PostgreSQL node serves. */
export const PG_QUERY_METHOD = 'pg.query';

export interface PgRequest {
  /** The connection the statement runs on; null for a pooled autocommit statement. */
  readonly sessionId: string | null;
  readonly sql: string;
  /** Values for `$1`, `$2`, ... */
  readonly params: readonly unknown[];
}

export type PgReply =
  | {
      readonly ok: true;
      readonly rows: Array<Record<string, unknown>>;
      readonly rowCount: number;
      readonly command: string;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };
