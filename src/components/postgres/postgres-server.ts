/**
 * A PostgreSQL server as a node of the simulated world, on pg-mem: READ COMMITTED by default,
 * REPEATABLE READ and SERIALIZABLE on request (BEGIN ISOLATION LEVEL, SET TRANSACTION).
 *
 * Each statement is one RPC that runs atomically when it arrives, or waits where PostgreSQL
 * would wait (a row another open transaction locked or changed, a unique key it holds
 * uncommitted; until lock_timeout, statement_timeout or a deadlock ends the wait), so the
 * world's crashes, pauses, partitions and lost replies apply unchanged. A transaction's writes
 * are visible to it at once and to others at COMMIT; they are discarded on ROLLBACK, when its
 * client's node crashes (the server notices the closed socket, measured at about 1 ms), when
 * idle_in_transaction_session_timeout fires (off by default, as in PostgreSQL), and when this
 * node crashes. Committed data is durable: it survives a crash and restart of this node.
 *
 * What is modelled and where it differs from PostgreSQL 15: see the header of read-committed.ts
 * (and of snapshot.ts and serializable-conflicts.ts for the stricter levels).
 */
import type { Proc } from '../../engine/effects.js';
import type { TraceEvents } from '../../engine/trace.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import { ConnectionWatch, type ConnectionWatchOptions } from './connection-watch.js';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { runWaiting } from './lock-wait.js';
import { MemDatabase, type MemDatabaseOptions, type MemResult } from './mem-database.js';
import { OpenTransaction } from './open-transaction.js';
import { PgModel } from './pg-model.js';
import type { WaitLock } from './row-lock-attempt.js';
import {
  applySessionCommand,
  refusePooledSet,
  sessionCommand,
  type SessionCommand,
} from './session-settings.js';
import { unmodelled } from './unmodelled.js';
import { PG_QUERY_METHOD, type PgReply, type PgRequest } from './pg-protocol.js';
import type { PgTransactionFields } from './postgres-trace-events.js';
import { toDatabaseError } from './pg-mem-errors.js';
import { commit, type Outcome } from './read-committed.js';
import type { PgLossReason, PgSchedule } from './schedule-format.js';
import { PgScheduleRecorder } from './schedule-recorder.js';
import {
  StatementCache,
  type BoundStatement,
  type PreparedStatement,
} from './pg-mem-speed-ups/statement-cache.js';

export interface PostgresServerOptions extends MemDatabaseOptions, ConnectionWatchOptions {
  /** deadlock_timeout: how long a blocked statement waits before looking for a deadlock, ms (default 1000). */
  readonly deadlockTimeoutMs?: number;
  /** lock_timeout: the longest one lock wait may last before 55P03, ms (default 0: none, as in PostgreSQL). */
  readonly lockTimeoutMs?: number;
  /** statement_timeout: the longest a statement may run (waits included) before 57014, ms (default 0: none). */
  readonly statementTimeoutMs?: number;
}

type Statement = BoundStatement | PreparedStatement | SessionCommand;

/** The kinds of trace event about one transaction, written through `record`. */
type PgTransactionKind = 'pg.begin' | 'pg.wait' | 'pg.commit' | 'pg.rollback';

/**
 * Parsed statements are a pure function of their text, so every server in the process shares
 * them: a comparison builds a new server per run, and re-parsing the same handful of texts (and
 * re-checking pg-mem's coverage of them) was most of a short run's cost.
 */
const SHARED_STATEMENTS = new StatementCache();

/**
 * Texts found to be neither refused (unmodelled.ts) nor a session command (session-settings.ts):
 * both are pure functions of the text, and asking their half-dozen regular expressions again for
 * each of the few texts a strategy sends, every statement of every run, was a visible part of
 * binding. Shared like the parsed statements, and as bounded: one entry per distinct text.
 */
const PLAIN_TEXTS = new Set<string>();

const DONE = (command: string): MemResult => ({ rows: [], rowCount: 0, command });

export class PostgresServer {
  private readonly mem: MemDatabase;
  private readonly statements = SHARED_STATEMENTS;
  /** Open sessions (each one transaction) by id, in BEGIN order. */
  private readonly sessions = new Map<string, OpenTransaction>();
  private readonly watch: ConnectionWatch;
  /** Set by recordSchedule: the schedule for `idemsim conform` (undefined: nothing recorded). */
  private recorder: PgScheduleRecorder | undefined;
  /** Row locks, snapshots and SERIALIZABLE's bookkeeping beside pg-mem. */
  private readonly model: PgModel;

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: PostgresServerOptions = {},
  ) {
    this.mem = new MemDatabase(options);
    this.model = new PgModel(this.mem, this.statements, () => this.sessions.values());
    this.watch = new ConnectionWatch(
      world,
      node,
      options,
      () => this.sessions.values(),
      (tx, reason) => this.close(tx, reason),
    );
    node.serve(PG_QUERY_METHOD, (request, from, call) => this.handleTraced(request as PgRequest, from, call));
    node.onCrash(() => {
      for (const tx of [...this.sessions.values()]) this.close(tx, 'server-crash');
    });
  }

  get name(): string {
    return this.node.name;
  }

  /** Statements pg-mem has run so far, replays and conflict probes included (for benchmarks). */
  get executions(): number {
    return this.mem.executions;
  }

  /** Statements pg-mem has compiled so far (for benchmarks: reused compiled code makes it fewer). */
  get compilations(): number {
    return this.mem.compilations;
  }

  /** Runs schema or seed SQL on the committed state, outside the network: for building a world. */
  setup(sql: string): void {
    this.recorder?.setup(sql);
    this.mem.setup(sql, this.world.sim.now);
  }

  /** From now on, records the schedule this server executes (call before any setup). */
  recordSchedule(): void {
    this.recorder = new PgScheduleRecorder(this.node.name);
  }

  /** The schedule recorded so far, with every created table's committed rows; undefined if not recording. */
  schedule(): PgSchedule | undefined {
    return this.recorder?.finish((sql) => this.select(sql));
  }

  /** Reads the committed state, outside the network: for checks and tests. */
  select(sql: string): Array<Record<string, unknown>> {
    return this.mem.read(sql, this.world.sim.now);
  }

  /**
   * The run is over: hands the pg-mem database back for a later run with the same schema to reuse
   * (see MemDatabase.release). Nothing may reach this server afterwards.
   */
  release(): void {
    this.mem.release();
  }

  /** Runs the statement, then traces what ran and what came of it ("pg.exec", for the call's story). */
  private *handleTraced(request: PgRequest, from: string, call: number): Proc<PgReply> {
    const { sim } = this.world;
    const id = this.recorder?.arrive(sim.now, request.sessionId, request.sql, request.params);
    const reply = yield* this.handle(request, from);
    if (id !== undefined) this.recorder?.answer(sim.now, id, request.sessionId, reply);
    if (sim.trace.enabled)
      sim.trace.record(sim.now, 'pg.exec', execFields(this.node.name, call, request, reply));
    return reply;
  }

  private *handle(request: PgRequest, from: string): Proc<PgReply> {
    const { sessionId } = request;
    const statement = this.bind(request);
    if (sessionId === null) {
      if (statement instanceof DatabaseError) return this.failure(null, from, statement);
      return yield* this.autocommit(statement, from);
    }
    if (isControl(statement) && statement.kind === 'begin') return this.begin(sessionId, from, statement);
    const tx = this.sessions.get(sessionId);
    if (tx === undefined) {
      return this.failure(
        sessionId,
        from,
        statement instanceof DatabaseError ? statement : this.watch.lostSession(sessionId),
      );
    }
    const turn = yield* tx.takeTurn();
    try {
      if (tx.closed) return this.failure(sessionId, from, this.watch.lostSession(sessionId));
      return yield* this.inTransaction(tx, statement);
    } finally {
      turn.resolve();
      this.watch.idle(tx);
    }
  }

  private bind(request: PgRequest): Statement | DatabaseError {
    if (!PLAIN_TEXTS.has(request.sql)) {
      const refused = unmodelled(request.sql);
      if (refused !== undefined) return refused;
      const command = sessionCommand(request.sql);
      if (command !== undefined) return command;
      PLAIN_TEXTS.add(request.sql);
    }
    try {
      return this.statements.bind(request.sql, request.params);
    } catch (error) {
      return toDatabaseError(error);
    }
  }

  private *autocommit(statement: Statement, from: string): Proc<PgReply> {
    if (isSessionCommand(statement)) return this.failure(null, from, refusePooledSet());
    if (isControl(statement)) {
      if (statement.kind !== 'begin') return ok(DONE(statement.kind.toUpperCase())); // PostgreSQL: a warning
      const reason = 'BEGIN on a pooled autocommit query is not modelled: use transaction()';
      return this.failure(null, from, new DatabaseError(SQLSTATE.featureNotSupported, reason));
    }
    const tx = new OpenTransaction(null, from, this.world.sim.now);
    this.recorder?.bindAutocommit(tx);
    const outcome = statement.prepared.kind === 'ddl' ? this.ddl(statement) : yield* this.run(tx, statement);
    const error = outcome.kind === 'done' ? commit(this.model, tx) : outcome.error;
    // Its row locks (taken while it waited for another) go, and whoever waits on them wakes.
    this.model.ended(tx, error === undefined ? 'commit' : 'rollback');
    tx.ended.resolve(error === undefined ? 'commit' : 'rollback');
    return error === undefined && outcome.kind === 'done'
      ? ok(outcome.result)
      : this.failure(null, from, error ?? internal());
  }

  private begin(sessionId: string, from: string, statement: PreparedStatement): PgReply {
    this.watch.watchClient(from);
    if (!this.sessions.has(sessionId)) {
      const tx = new OpenTransaction(sessionId, from, this.world.sim.now);
      tx.isolation = statement.isolation ?? 'read committed';
      this.sessions.set(sessionId, tx);
      this.record('pg.begin', tx, {});
      this.watch.idle(tx);
    }
    return ok(DONE('BEGIN')); // a second BEGIN: PostgreSQL warns, and changes nothing
  }

  /** A statement on a session: any error, even a syntax error, aborts the transaction. */
  private *inTransaction(tx: OpenTransaction, statement: Statement | DatabaseError): Proc<PgReply> {
    if (isControl(statement)) return this.finish(tx, statement.kind === 'commit' ? 'commit' : 'rollback');
    if (tx.failed) {
      const reason = 'current transaction is aborted, commands ignored until end of transaction block';
      return this.failure(tx.sessionId, tx.client, new DatabaseError(SQLSTATE.inFailedTransaction, reason));
    }
    let outcome: Outcome;
    if (isSessionCommand(statement)) outcome = sessionOutcome(applySessionCommand(tx, statement));
    else if (statement instanceof DatabaseError) outcome = { kind: 'error', error: statement };
    else if (statement.prepared.kind === 'ddl') outcome = this.ddl(statement);
    else outcome = yield* this.run(tx, statement);
    if (!isSessionCommand(statement)) tx.statements++;
    if (outcome.kind === 'done') return ok(outcome.result);
    const reply = this.failure(tx.sessionId, tx.client, outcome.error);
    tx.failed = true;
    this.end(tx, 'rollback', 'error');
    return reply;
  }

  /** COMMIT or ROLLBACK (a second BEGIN is ignored). */
  private finish(tx: OpenTransaction, kind: 'commit' | 'rollback'): PgReply {
    if (kind === 'rollback' || tx.failed) {
      this.close(tx, 'client');
      return ok(DONE('ROLLBACK'));
    }
    const error = commit(this.model, tx);
    if (error !== undefined) {
      this.close(tx, 'commit-failed');
      return this.failure(tx.sessionId, tx.client, error);
    }
    this.close(tx, 'client', 'commit');
    return ok(DONE('COMMIT'));
  }

  private ddl(statement: BoundStatement): Outcome {
    try {
      this.mem.setup(statement.prepared.sql, this.world.sim.now);
      // The tag's verb, as node-postgres reports it ("CREATE", not "CREATE TABLE").
      return { kind: 'done', result: DONE(statement.prepared.ast?.type.split(' ')[0]?.toUpperCase() ?? '') };
    } catch (error) {
      return { kind: 'error', error: toDatabaseError(error) };
    }
  }

  private run(tx: OpenTransaction, statement: BoundStatement): Proc<Outcome> {
    const onWait = (other: OpenTransaction, lock: WaitLock): void => {
      this.recorder?.wait(this.world.sim.now, tx, other, lock);
      this.record('pg.wait', tx, { on: other.sessionId, lock });
    };
    const { sim } = this.world;
    const statementTimeoutMs = tx.settings.statementTimeoutMs ?? this.options.statementTimeoutMs ?? 0;
    const limits = {
      deadlockTimeoutMs: this.options.deadlockTimeoutMs ?? 1000,
      lockTimeoutMs: tx.settings.lockTimeoutMs ?? this.options.lockTimeoutMs ?? 0,
      statementDeadlineMs: statementTimeoutMs > 0 ? sim.now + statementTimeoutMs : undefined,
    };
    return runWaiting(this.model, tx, statement, limits, () => sim.now, onWait);
  }

  /** Ends the transaction and its session. */
  private close(tx: OpenTransaction, reason: string, outcome: 'commit' | 'rollback' = 'rollback'): void {
    this.end(tx, outcome, reason);
    tx.closed = true;
    if (tx.sessionId !== null) this.sessions.delete(tx.sessionId);
    if (tx.sessionId !== null && isLoss(reason))
      this.recorder?.lost(this.world.sim.now, tx.sessionId, reason);
  }

  /** Ends the transaction (its locks are released, its waiters wake); the session may stay open. */
  private end(tx: OpenTransaction, outcome: 'commit' | 'rollback', reason: string): void {
    if (tx.ended.settled) return;
    const writes = tx.writes.length;
    if (outcome === 'rollback') tx.discardWrites();
    this.model.ended(tx, outcome);
    tx.ended.resolve(outcome);
    this.record(`pg.${outcome}`, tx, { reason, writes });
  }

  private failure(sessionId: string | null, client: string, error: DatabaseError): PgReply {
    const fields = { node: this.node.name, session: sessionId, client, code: error.code };
    this.world.sim.trace.record(this.world.sim.now, 'pg.error', fields);
    return { ok: false, code: error.code, message: error.message };
  }

  /** Records an event of a transaction: `extra` are the kind's own fields, after the transaction's. */
  private record<K extends PgTransactionKind>(
    type: K,
    tx: OpenTransaction,
    extra: Omit<TraceEvents[K], keyof PgTransactionFields>,
  ): void {
    const { trace } = this.world.sim;
    // Searches run with the trace off: then building the event's fields is all this would do.
    if (!trace.enabled) return;
    const fields: PgTransactionFields = { node: this.node.name, session: tx.sessionId, client: tx.client };
    // The cast joins the two halves the signature checked: the transaction's fields, then K's own.
    trace.record(this.world.sim.now, type, { ...fields, ...extra } as TraceEvents[K]);
  }
}

function isLoss(reason: string): reason is PgLossReason {
  return reason === 'client-crash' || reason === 'idle-timeout' || reason === 'server-crash';
}

function isBound(statement: Statement): statement is BoundStatement {
  return 'prepared' in statement;
}

/** BEGIN, COMMIT or ROLLBACK. */
function isControl(statement: Statement | DatabaseError): statement is PreparedStatement {
  return !(statement instanceof DatabaseError) && !isBound(statement) && !isSessionCommand(statement);
}

/** SET / RESET, answered by the model (session-settings.ts). */
function isSessionCommand(statement: Statement | DatabaseError): statement is SessionCommand {
  return !(statement instanceof DatabaseError) && 'kind' in statement && !('sql' in statement);
}

function sessionOutcome(applied: { readonly tag: string } | DatabaseError): Outcome {
  return applied instanceof DatabaseError
    ? { kind: 'error', error: applied }
    : { kind: 'done', result: DONE(applied.tag) };
}

function internal(): DatabaseError {
  return new DatabaseError(SQLSTATE.internalError, 'no outcome');
}

/** Small data: the statement as sent, its parameters and first row as JSON text, the tag or SQLSTATE. */
function execFields(node: string, call: number, request: PgRequest, reply: PgReply): TraceEvents['pg.exec'] {
  const row = reply.ok ? reply.rows[0] : undefined;
  return {
    node,
    call,
    session: request.sessionId,
    sql: request.sql,
    params: request.params.length === 0 ? null : JSON.stringify(request.params),
    command: reply.ok ? reply.command : null,
    rows: reply.ok ? reply.rowCount : null,
    row: row === undefined ? null : JSON.stringify(row),
    code: reply.ok ? null : reply.code,
  };
}

function ok(result: MemResult): PgReply {
  return { ok: true, rows: result.rows, rowCount: result.rowCount, command: result.command };
}
