/**
 * The schedule a simulated PostgreSQL server executed, as data: what `idemsim conform` replays on
 * a real PostgreSQL (src/conformance/postgres-replay.ts).
 *
 * Recorded at the server boundary (schedule-recorder.ts): statements in the order they reached
 * the server, each with the model's answer, the waits the model imposed (which statement waited
 * for which session's transaction), and the connections the server lost (a crashed client, an
 * idle timeout, its own crash), after which it had rolled their transactions back. Statements the
 * network lost never reached the server and are not in it. The final committed contents of every
 * table close it.
 */
import type { WaitLock } from './row-lock-attempt.js';

/** What the model answered to one statement. */
export type PgAnswer =
  | {
      readonly ok: true;
      readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
      readonly rowCount: number;
      /** The command tag's verb ("INSERT"). */
      readonly command: string;
    }
  | { readonly ok: false; readonly code: string };

/** One thing that happened at the server, in the order it happened. */
export type PgStep =
  | {
      readonly kind: 'statement';
      /** Numbers statements in arrival order, from 0: the other steps refer to it. */
      readonly id: number;
      readonly atMs: number;
      /** The connection (session) it came on; null for a pooled autocommit statement. */
      readonly session: string | null;
      readonly sql: string;
      readonly params: readonly unknown[];
    }
  | { readonly kind: 'answer'; readonly id: number; readonly atMs: number; readonly answer: PgAnswer }
  | {
      readonly kind: 'wait';
      readonly id: number;
      readonly atMs: number;
      /** The session whose open transaction the statement waits for. */
      readonly on: string;
      /** What it waits on: another transaction's uncommitted unique key, or a row lock in this mode. */
      readonly lock: WaitLock;
    }
  | {
      readonly kind: 'lost';
      readonly atMs: number;
      readonly session: string;
      /** Why the server lost the connection and rolled its transaction back. */
      readonly reason: PgLossReason;
    };

export type PgLossReason = 'client-crash' | 'idle-timeout' | 'server-crash';

/** A table's committed rows when the run ended, in no particular order. */
export interface PgTableContents {
  readonly table: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** Everything one PostgreSQL server node did in one run. */
export interface PgSchedule {
  /** The server's node name ("postgres"). */
  readonly node: string;
  /** Schema SQL run outside the network before traffic (the service's payments table), in order. */
  readonly setup: readonly string[];
  /** Includes the strategy's own setup DDL, which reaches the server as statements. */
  readonly steps: readonly PgStep[];
  /** Every table the setup or a statement created, with its committed rows at the end of the run. */
  readonly final: readonly PgTableContents[];
}
