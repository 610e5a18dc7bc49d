/**
 * Records the schedule a simulated PostgreSQL server executed (schedule-format.ts), from hooks at
 * its boundary: a statement arriving, its answer, a wait, a lost connection, setup SQL, and the
 * final table contents. The server calls it only when a run asked for schedules, so recording
 * costs nothing when off.
 *
 * A wait is reported by transaction, not by statement: the recorder finds the statement. An
 * autocommit statement's transaction is made as the statement arrives (the server binds it
 * here at once); a session's running statement is its oldest unanswered one, since a session
 * runs its statements one at a time in arrival order (a ROLLBACK the client sent after a timeout
 * queues behind the statement still waiting).
 */
import type { PgReply } from './pg-protocol.js';
import type { OpenTransaction } from './open-transaction.js';
import type { WaitLock } from './row-lock-attempt.js';
import type { PgLossReason, PgSchedule, PgStep, PgTableContents } from './schedule-format.js';

type Row = Readonly<Record<string, unknown>>;

export class PgScheduleRecorder {
  private readonly setupSql: string[] = [];
  private readonly steps: PgStep[] = [];
  private readonly tables = new Set<string>();
  private nextId = 0;
  /** The last autocommit statement that arrived, until the server binds its transaction. */
  private arrivingAutocommit: number | undefined;
  private readonly autocommitStatements = new WeakMap<OpenTransaction, number>();
  /** Unanswered statements per session, oldest first. */
  private readonly unanswered = new Map<string, number[]>();

  constructor(private readonly node: string) {}

  setup(sql: string): void {
    this.setupSql.push(sql);
    this.noteTables(sql);
  }

  /** A statement reached the server; returns its id for `answer`. */
  arrive(atMs: number, session: string | null, sql: string, params: readonly unknown[]): number {
    const id = this.nextId++;
    this.steps.push({ kind: 'statement', id, atMs, session, sql, params: [...params] });
    this.noteTables(sql);
    if (session === null) this.arrivingAutocommit = id;
    else this.unanswered.set(session, [...(this.unanswered.get(session) ?? []), id]);
    return id;
  }

  /** The transaction the server made for the autocommit statement that just arrived. */
  bindAutocommit(tx: OpenTransaction): void {
    if (this.arrivingAutocommit !== undefined) this.autocommitStatements.set(tx, this.arrivingAutocommit);
    this.arrivingAutocommit = undefined;
  }

  answer(atMs: number, id: number, session: string | null, reply: PgReply): void {
    const answer = reply.ok
      ? {
          ok: true as const,
          rows: reply.rows.map((row) => ({ ...row })),
          rowCount: reply.rowCount,
          command: reply.command,
        }
      : { ok: false as const, code: reply.code };
    this.steps.push({ kind: 'answer', id, atMs, answer });
    if (session === null) return;
    const left = (this.unanswered.get(session) ?? []).filter((other) => other !== id);
    if (left.length === 0) this.unanswered.delete(session);
    else this.unanswered.set(session, left);
  }

  /** `tx`'s running statement waits for `on`'s transaction to end, on `lock`. */
  wait(atMs: number, tx: OpenTransaction, on: OpenTransaction, lock: WaitLock): void {
    const id =
      tx.sessionId === null ? this.autocommitStatements.get(tx) : this.unanswered.get(tx.sessionId)?.[0];
    if (id === undefined || on.sessionId === null) return;
    this.steps.push({ kind: 'wait', id, atMs, on: on.sessionId, lock });
  }

  lost(atMs: number, session: string, reason: PgLossReason): void {
    this.steps.push({ kind: 'lost', atMs, session, reason });
  }

  /** The schedule so far, closed by each created table's committed rows (read with `read`). */
  finish(read: (sql: string) => Row[]): PgSchedule {
    const final: PgTableContents[] = [];
    for (const table of this.tables) {
      try {
        final.push({ table, rows: read(`SELECT * FROM ${table}`).map((row) => ({ ...row })) });
      } catch {
        // A CREATE TABLE that failed (or a table dropped since) has no contents to compare.
      }
    }
    return { node: this.node, setup: [...this.setupSql], steps: [...this.steps], final };
  }

  private noteTables(sql: string): void {
    for (const match of sql.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][\w.]*)/gi)) {
      this.tables.add((match[1] as string).toLowerCase());
    }
  }
}
