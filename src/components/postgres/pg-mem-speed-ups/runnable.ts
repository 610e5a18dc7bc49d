/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * How a bound statement reaches pg-mem when compiled code is reused: the tree, the key its
 * compiled code is kept under in the database (pg-mem-instance.ts), and the values left live
 * (live-values.ts), with the checks that keep a live run's answer the literal statement's answer.
 */
import type { IBackup, QueryResult } from 'pg-mem';
import type { InsertStatement, Statement } from 'pgsql-ast-parser';
import type { LiveBinding } from './live-values.js';
import type { PgMemInstance } from './pg-mem-instance.js';
import { bindLiveValues, type BoundStatement } from './statement-cache.js';

/** A statement tree as handed to pg-mem, and how its compiled code may be reused. */
export interface Runnable {
  readonly ast: Statement;
  /** What its compiled code is kept under in the database; absent: compile it afresh, keep nothing. */
  readonly key?: string | undefined;
  /** pg-mem's parameters, `$1..$k` in the tree (live-values.ts). */
  readonly values?: readonly string[] | undefined;
  /** With values: the same statement with every value a literal, whose compile decides doubtful cases. */
  readonly literal?: Runnable | undefined;
}

type LiveRunnable = Runnable & {
  readonly key: string;
  readonly values: readonly string[];
  readonly literal: Runnable;
};

/** The key suffix of a statement's probe (the INSERT without ON CONFLICT). */
const PROBE = '\u0000probe';

/**
 * The statement (or its probe) with its compiled code kept under a key: with the time in it when
 * compiling reads the clock, and with the values pg-mem may take as parameters left live.
 */
export function keyedRunnable(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  atMs: number,
): Runnable {
  const ast = isStatement ? statement.ast : statement.probe;
  const suffix =
    (statement.prepared.readsClockWhenCompiled ? `\u0000@${atMs}` : '') + (isStatement ? '' : PROBE);
  const literal: Runnable = { ast, key: statement.key + suffix };
  const live = liveBinding(instance, statement, isStatement, suffix);
  if (live === null) return literal;
  return { ast: isStatement ? live.ast : live.probe, key: live.key + suffix, values: live.values, literal };
}

/** Runs it on the database's state showing. */
export function runOn(instance: PgMemInstance, target: Runnable): QueryResult {
  if (target.values === undefined || target.literal === undefined)
    return instance.run(target.ast, target.key);
  return runLive(instance, target as LiveRunnable);
}

/** The same insert without its ON CONFLICT clause, compiled under the probe's key. */
export function withoutOnConflict(target: Runnable): Runnable {
  return {
    ast: { ...(target.ast as InsertStatement), onConflict: null },
    key: target.key === undefined ? undefined : target.key + PROBE,
    values: target.values,
    literal: target.literal === undefined ? undefined : withoutOnConflict(target.literal),
  };
}

/** The live binding the database has learnt for this statement shape, learning it first if need be. */
function liveBinding(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  suffix: string,
): LiveBinding | null {
  const candidates = [...statement.prepared.liveCandidates].filter(
    (n) => statement.literals[n - 1]?.type === 'string',
  );
  if (candidates.length === 0) return null;
  const shape = `${statement.prepared.sql}${isStatement ? '' : PROBE}\u0000${candidates.join(',')}`;
  const live =
    instance.liveSet(shape) ?? learnLiveSet(instance, statement, isStatement, suffix, candidates, shape);
  return live === undefined ? null : bindLiveValues(statement, live);
}

/**
 * Which candidates pg-mem compiles as parameters: all, else all but one (a `$n` it reads while
 * planning, such as an index lookup's key, stays a literal), else none. Undefined, and nothing
 * learnt, if compiling failed for another reason (this binding then runs as literals).
 */
function learnLiveSet(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  suffix: string,
  candidates: readonly number[],
  shape: string,
): ReadonlySet<number> | undefined {
  const tries = [candidates, ...candidates.map((n) => candidates.filter((other) => other !== n))].map(
    (set) => new Set(set),
  );
  for (const live of tries) {
    const binding = bindLiveValues(statement, live);
    if (binding === null) continue;
    try {
      instance.compile(isStatement ? binding.ast : binding.probe, binding.key + suffix);
    } catch (error) {
      if (readsParameterWhilePlanning(error)) continue;
      return undefined;
    }
    instance.learnLiveSet(shape, live);
    return live;
  }
  const none = new Set<number>();
  instance.learnLiveSet(shape, none);
  return none;
}

/** pg-mem evaluated a live value while compiling (an index lookup's key, say): it cannot go live there. */
function readsParameterWhilePlanning(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('No execution context available');
}

/**
 * Runs with live values. If the run did not read them all, whether the literal statement would
 * have refused one is only known by compiling it: if that fails, so does the statement, as the
 * literal one would, with nothing changed.
 */
function runLive(instance: PgMemInstance, target: LiveRunnable): QueryResult {
  const before = instance.db.backup();
  const read = target.values.map(() => false);
  const allRead = (): boolean => read.every(Boolean);
  let result: QueryResult;
  try {
    result = instance.runReading(target.ast, target.key, target.values, read);
  } catch (error) {
    if (!allRead()) compileLiteral(instance, target.literal, before);
    throw error;
  }
  if (!allRead()) compileLiteral(instance, target.literal, before);
  return result;
}

/** Compiles the literal statement; if that fails, puts back the state `before` and throws why. */
function compileLiteral(instance: PgMemInstance, literal: Runnable, before: IBackup): void {
  try {
    instance.compile(literal.ast, literal.key as string);
  } catch (error) {
    before.restore();
    throw error;
  }
}
