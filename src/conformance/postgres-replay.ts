/**
 * Replays one recorded PostgreSQL schedule (components/postgres/schedule-format.ts) on a real
 * PostgreSQL, on an empty database (postgres-replayer.ts), and says where the real server agrees
 * with the model.
 *
 * One real connection per simulated session (pooled connections reused once a session ends, as
 * a pool does), statements issued in recorded order, each compared as it is answered:
 * - a statement the model answered at once must answer promptly, with the same answer;
 * - a statement the model made wait must really block: unanswered, and pg_blocking_pids() naming
 *   the backend of the session the model said it waits for; once that transaction ends it must
 *   give the recorded answer;
 * - a lost connection (a crashed client: its socket destroyed mid-transaction; an idle timeout
 *   likewise; the server's own crash: its backends terminated) must end its backend, rolling
 *   back, which the later answers and the final tables then check;
 * - every created table's final rows must match.
 * The replay stops at the first divergence.
 *
 * Named rules (counted in `excluded`, never applied silently):
 * - `clock-values`: timestamps are not compared. The model's clock is virtual (now() reads the
 *   simulation's time); the real server's is the wall clock.
 * - `untagged-row-count`: BEGIN, COMMIT, ROLLBACK and DDL have no count in their command tag, so
 *   node-postgres reports rowCount null; the model's port type says 0.
 * - `unordered-rows`: a SELECT without ORDER BY returns rows in an order PostgreSQL does not
 *   promise (heap order, which the model does not mirror): compared as a multiset.
 * - `session-unknown-to-server`: a statement on a session whose BEGIN never reached the model's
 *   server (lost in a partition) is answered 08006; a real connection's TCP would have delivered
 *   the BEGIN, so there is no real counterpart to compare with. Not sent.
 * - `statement-on-lost-connection`: a statement on a connection the server already lost (the
 *   model answers 08006) cannot be sent on a destroyed socket; the real answer is taken as 08006.
 * - `tuple-lock-queue`: a statement the model made wait for transaction A is blocked, on the real
 *   server, by another waiter B that itself waits for A: PostgreSQL queues later waiters for a row
 *   behind the first (B holds the tuple lock), where the model has each waiter wait for the
 *   holder. Counted as an agreed wait, and under this rule.
 * - `ssi-abort-earlier`: the real server aborts a SERIALIZABLE transaction with 40001 at a
 *   statement, and the model aborts the same transaction with 40001 at its COMMIT (the model's
 *   serializable check runs at COMMIT only; PostgreSQL may find the conflict sooner). Same outcome,
 *   other moment: the step and that transaction's later steps (25P02 on the real side until it
 *   ends) are counted under this rule; the other sessions go on being compared.
 * - `ssi-page-granularity`: the real server aborts a SERIALIZABLE transaction with 40001 that the
 *   model commits. PostgreSQL's SSI takes its predicate locks on index pages and, after a
 *   sequential scan, on whole tables, so transactions on neighbouring keys of a small table
 *   conflict; the model tracks reads and writes per row where a statement names the whole key
 *   (see the lock model's header), and cannot know the page layout. This is a known gap of the
 *   model, in the lenient direction (the real server retries more): the replay counts the step,
 *   stops comparing the schedule there (the two sides' transactions now differ), and counts every
 *   remaining step under this rule. Seen on recovery-point's INSERT ... ON CONFLICT DO NOTHING
 *   into payments beside a concurrent phase.
 */
import type { WaitLock } from '../components/postgres/row-lock-attempt.js';
import type { PgAnswer, PgSchedule, PgStep } from '../components/postgres/schedule-format.js';
import type { Divergence, ScheduleConformance, ScheduleOrigin } from './conformance-report.js';
import {
  answerLine,
  compareAnswers,
  compareRows,
  exclude,
  type ExclusionCounts,
  type RealPgAnswer,
} from './postgres-answer.js';
import { runReal, type RealConnection, type RealConnections } from './postgres-connections.js';
import { stepsAround } from './postgres-step-lines.js';
import type { WallClock } from './wall-clock.js';
import { RealBackends } from './postgres-backends.js';
import { endsSession, isBegin, isSerializationFailureOnlyReal } from './postgres-statement-kinds.js';
import { lockName, waitWhat } from './postgres-wait-names.js';

export interface PgReplayOptions {
  /** How long a statement the model answered at once may take before the replay asks whether it waits, ms (default 1000). */
  readonly promptMs?: number;
  /** How long a statement the model made wait has to show up as blocked on the right backend, ms (default 5000). */
  readonly blockedWithinMs?: number;
  /** How long any statement may take to answer once nothing blocks it, and a lost backend to end, ms (default 10 000). */
  readonly answerWithinMs?: number;
}

type StatementStep = Extract<PgStep, { kind: 'statement' }>;

interface Pending {
  readonly statement: StatementStep;
  readonly connection: RealConnection | undefined;
  /** Set once the real server answered (or the rule that stands in for it). */
  answer: RealPgAnswer | undefined;
  readonly done: Promise<RealPgAnswer>;
  /** The named rule under which this statement was not sent, if any. */
  readonly rule?: string;
  /** What the model last made it wait on, if it made it wait. */
  waitedOn: WaitLock | undefined;
}

export class PgReplay {
  private compared = 0;
  private agreed = 0;
  private readonly excluded: ExclusionCounts = {};
  /** Waits the real server imposed as the model did, per lock kind. */
  private readonly waits: Record<string, number> = {};
  private divergence: Divergence | undefined;
  /** Set when a rule ends the comparison early (the two sides no longer run the same transactions). */
  private stoppedBy: string | undefined;
  /** Sessions the real server aborted (40001) sooner than the model, which aborts them at COMMIT. */
  private readonly abortedEarly = new Set<string>();
  private readonly sessions = new Map<string, RealConnection>();
  private readonly pending = new Map<number, Pending>();
  private readonly promptMs: number;
  private readonly blockedWithinMs: number;
  private readonly answerWithinMs: number;
  private readonly backends: RealBackends;

  constructor(
    private readonly schedule: PgSchedule,
    private readonly connections: RealConnections,
    /** A connection of its own, for pg_blocking_pids(), pg_stat_activity and the final tables. */
    private readonly monitor: RealConnection,
    private readonly clock: WallClock,
    options: PgReplayOptions = {},
  ) {
    this.backends = new RealBackends(monitor);
    this.promptMs = options.promptMs ?? 1000;
    this.blockedWithinMs = options.blockedWithinMs ?? 5000;
    this.answerWithinMs = options.answerWithinMs ?? 10_000;
  }

  /** The real answer if it comes within `ms` (at once if it already came). */
  private async settledWithin(pending: Pending, ms: number): Promise<RealPgAnswer | undefined> {
    return pending.answer ?? (await this.clock.within(pending.done, ms));
  }

  async run(origin: ScheduleOrigin): Promise<ScheduleConformance> {
    const { steps } = this.schedule;
    let index = 0;
    for (; index < steps.length && this.divergence === undefined && this.stoppedBy === undefined; index++) {
      await this.step(index, steps[index] as PgStep);
    }
    if (this.stoppedBy !== undefined) {
      for (; index < steps.length; index++) exclude(this.excluded, this.stoppedBy);
    } else if (this.divergence === undefined) await this.compareTables();
    return {
      store: 'postgres',
      origin,
      compared: this.compared,
      agreed: this.agreed,
      excluded: { ...this.excluded },
      waits: { ...this.waits },
      ...(this.divergence === undefined ? {} : { divergence: this.divergence }),
    };
  }

  private async step(index: number, step: PgStep): Promise<void> {
    switch (step.kind) {
      case 'statement':
        return this.issue(step);
      case 'answer':
        return this.checkAnswer(index, step.id, step.answer);
      case 'wait':
        return this.checkWait(index, step.id, step.on, step.lock);
      case 'lost':
        return this.checkLost(index, step.session, step.reason === 'server-crash');
    }
  }

  private async issue(statement: StatementStep): Promise<void> {
    const { session, sql } = statement;
    let connection = session === null ? undefined : this.sessions.get(session);
    if (session !== null && connection === undefined && !isBegin(sql)) {
      return this.standIn(statement, 'session-unknown-to-server');
    }
    if (connection?.dead === true) return this.standIn(statement, 'statement-on-lost-connection');
    if (connection === undefined) {
      connection = await this.connections.take();
      if (session !== null) this.sessions.set(session, connection);
    }
    const pending: Pending = {
      statement,
      connection,
      answer: undefined,
      waitedOn: undefined,
      done: runReal(connection, sql, statement.params).then((answer) => {
        pending.answer = answer;
        return answer;
      }),
    };
    this.pending.set(statement.id, pending);
  }

  /** Not sent: a named rule supplies the real side (08006, the connection is gone). */
  private standIn(statement: StatementStep, rule: string): void {
    const answer: RealPgAnswer = { ok: false, code: '08006' };
    const done = Promise.resolve(answer);
    this.pending.set(statement.id, {
      statement,
      connection: undefined,
      answer,
      done,
      rule,
      waitedOn: undefined,
    });
  }

  private async checkAnswer(index: number, id: number, model: PgAnswer): Promise<void> {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    const real = await this.answerOf(index, pending, model);
    if (real === undefined) return;
    const session = pending.statement.session;
    if (pending.rule !== undefined) exclude(this.excluded, pending.rule);
    else if (session !== null && this.abortedEarly.has(session)) {
      exclude(this.excluded, 'ssi-abort-earlier');
      if (endsSession(pending.statement.sql)) this.abortedEarly.delete(session);
    } else if (isSerializationFailureOnlyReal(model, real)) {
      if (session === null || !this.modelAbortsAtCommit(session, index)) {
        exclude(this.excluded, 'ssi-page-granularity');
        this.stoppedBy = 'ssi-page-granularity';
        return;
      }
      exclude(this.excluded, 'ssi-abort-earlier');
      this.abortedEarly.add(session);
    } else {
      const { sql } = pending.statement;
      const compared = compareAnswers(sql, model, real, this.excluded);
      const what =
        pending.waitedOn === undefined ? 'the answer' : `the answer after a ${waitWhat(pending.waitedOn)}`;
      if (!this.count(compared.agree, index, what, compared.model, compared.real)) return;
    }
    this.pending.delete(id);
    this.afterAnswer(pending);
  }

  /** Whether the model ends `session`'s transaction with 40001 at its COMMIT, after step `fromIndex`. */
  private modelAbortsAtCommit(session: string, fromIndex: number): boolean {
    const { steps } = this.schedule;
    for (let index = fromIndex + 1; index < steps.length; index++) {
      const step = steps[index] as PgStep;
      if (step.kind !== 'statement' || step.session !== session || !endsSession(step.sql)) continue;
      const answer = steps.find((later) => later.kind === 'answer' && later.id === step.id);
      return answer?.kind === 'answer' && !answer.answer.ok && answer.answer.code === '40001';
    }
    return false;
  }

  /** The real answer, waiting as long as the statement is not blocked; undefined after a divergence. */
  private async answerOf(
    index: number,
    pending: Pending,
    model: PgAnswer,
  ): Promise<RealPgAnswer | undefined> {
    const prompt = await this.settledWithin(pending, this.promptMs);
    if (prompt !== undefined) return prompt;
    const blockers = await this.backends.blockersOf(pending.connection);
    if (blockers.length > 0) {
      const what =
        pending.waitedOn === undefined
          ? 'lock wait: the model answered at once, the real server waits'
          : `release after a ${waitWhat(pending.waitedOn)}`;
      const real = `still waiting${await this.backends.waitOf(pending.connection)}, blocked by ${this.describeBackends(blockers)}`;
      this.count(
        false,
        index,
        what,
        answerLine(model, model.ok ? model.rowCount : null, true, { count: 0 }),
        real,
      );
      return undefined;
    }
    const late = await this.settledWithin(pending, this.answerWithinMs);
    if (late !== undefined) return late;
    this.count(false, index, 'the answer', 'answered', `no answer within ${this.answerWithinMs} ms`);
    return undefined;
  }

  /** An autocommit statement's connection is free again, and so is a session's once it ended. */
  private afterAnswer(pending: Pending): void {
    const { session, sql } = pending.statement;
    if (pending.connection === undefined) return;
    if (session === null) {
      this.connections.giveBack(pending.connection);
      return;
    }
    if (!endsSession(sql) || this.sessionBusy(session)) return;
    this.sessions.delete(session);
    this.connections.giveBack(pending.connection);
  }

  private sessionBusy(session: string): boolean {
    return [...this.pending.values()].some((other) => other.statement.session === session);
  }

  private async checkWait(index: number, id: number, on: string, lock: WaitLock): Promise<void> {
    const pending = this.pending.get(id);
    if (pending === undefined || pending.rule !== undefined) return;
    const { session } = pending.statement;
    if (session !== null && this.abortedEarly.has(session)) {
      exclude(this.excluded, 'ssi-abort-earlier');
      return;
    }
    pending.waitedOn = lock;
    const what = waitWhat(lock);
    const blocker = this.sessions.get(on);
    const deadline = this.clock.nowMs() + this.blockedWithinMs;
    let blockers: number[] = [];
    while (this.clock.nowMs() < deadline) {
      if (pending.answer !== undefined) {
        const real = `answered at once: ${answerLine(pending.answer, pending.answer.ok ? pending.answer.rowCount : null, true, { count: 0 })}`;
        this.count(false, index, what, `waits for ${on} on ${lockName(lock)}`, real);
        return;
      }
      blockers = await this.backends.blockersOf(pending.connection);
      if (blocker !== undefined && blockers.includes(blocker.pid)) {
        this.count(true, index, what, '', '');
        this.waits[lock] = (this.waits[lock] ?? 0) + 1;
        return;
      }
      if (blocker !== undefined && (await this.backends.queuedBehind(blockers, blocker.pid))) {
        exclude(this.excluded, 'tuple-lock-queue');
        this.count(true, index, what, '', '');
        this.waits[lock] = (this.waits[lock] ?? 0) + 1;
        return;
      }
      await this.clock.sleep(5);
    }
    const real = blockers.length === 0 ? 'not blocked' : `blocked by ${this.describeBackends(blockers)}`;
    this.count(
      false,
      index,
      what,
      `waits for ${on} on ${lockName(lock)}`,
      `${real}, after ${this.blockedWithinMs} ms`,
    );
  }

  private async checkLost(index: number, session: string, serverCrash: boolean): Promise<void> {
    const connection = this.sessions.get(session);
    if (connection === undefined || connection.dead) return;
    if (serverCrash) {
      connection.dead = true;
      await runReal(this.monitor, 'SELECT pg_terminate_backend($1)', [connection.pid]);
    } else this.connections.destroy(connection);
    const deadline = this.clock.nowMs() + this.answerWithinMs;
    while (this.clock.nowMs() < deadline) {
      const alive = await runReal(this.monitor, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
        connection.pid,
      ]);
      if (alive.ok && alive.rows.length === 0) {
        this.count(true, index, 'rollback of a lost connection', '', '');
        return;
      }
      await this.clock.sleep(5);
    }
    const what = 'rollback of a lost connection';
    this.count(
      false,
      index,
      what,
      'rolled back at once',
      `backend ${connection.pid} still there after ${this.answerWithinMs} ms`,
    );
  }

  private async compareTables(): Promise<void> {
    const base = this.schedule.steps.length;
    for (const [offset, table] of this.schedule.final.entries()) {
      const real = await runReal(this.monitor, `SELECT * FROM ${table.table}`, []);
      const rows = real.ok ? real.rows : [];
      const compared = compareRows(table.rows, rows, this.excluded);
      const realLine = real.ok ? compared.real : `ERROR ${real.code}`;
      if (
        !this.count(
          real.ok && compared.agree,
          base + offset,
          `final rows of ${table.table}`,
          compared.model,
          realLine,
        )
      )
        return;
    }
  }

  /** Backends by the session the replay gave them to: "backend 123 (service-1/tx4)". */
  private describeBackends(pids: readonly number[]): string {
    const sessionOf = new Map([...this.sessions].map(([session, connection]) => [connection.pid, session]));
    return pids.map((pid) => `backend ${pid} (${sessionOf.get(pid) ?? 'no session'})`).join(', ');
  }

  /** Counts one compared step; on a disagreement, records the divergence. Returns `agree`. */
  private count(agree: boolean, index: number, what: string, model: string, real: string): boolean {
    this.compared++;
    if (agree) {
      this.agreed++;
      return true;
    }
    const around = stepsAround(this.schedule, Math.min(index, this.schedule.steps.length - 1));
    if (index >= this.schedule.steps.length)
      around.push(`> final rows of ${what.replace(/^final rows of /, '')}`);
    this.divergence = { step: index, what, model, real, around };
    return false;
  }
}
