/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * How a bound statement reaches pg-mem when compiled code is reused: the tree, the key its
 * compiled code is kept under in the database (pg-mem-instance.ts), and the values left live
 * (live-values.ts) or written into index-key slots (index-key-slots.ts), with the checks that keep
 * a live run's answer the literal statement's answer.
 */
import type { IBackup, QueryResult } from 'pg-mem';
import type { Statement } from 'pgsql-ast-parser';
import { keyCandidates } from './index-key-slots.js';
import { withoutConflictClause } from './conflict-probe.js';
import type { LiveBinding, LiveColumn, LiveShape } from './live-values.js';
import { literalAccepted } from './literal-acceptance.js';
import type { PgMemInstance } from './pg-mem-instance.js';
import { bindLiveValues, type BoundStatement, type StatementShape } from './statement-cache.js';

/** A statement tree as handed to pg-mem, and how its compiled code may be reused. */
export interface Runnable {
  readonly ast: Statement;
  /** What its compiled code is kept under in the database; absent: compile it afresh, keep nothing. */
  readonly key?: string | undefined;
  /** pg-mem's parameters, `$1..$k` in the tree (live-values.ts). */
  readonly values?: readonly string[] | undefined;
  /** With values: the `n` of each one's `$n` in the statement's text, and the columns of those (live-values.ts). */
  readonly params?: readonly number[] | undefined;
  readonly columns?: ReadonlyMap<number, LiveColumn | undefined> | undefined;
  /** With values: what each index-key sentinel in the tree stands for (index-key-slots.ts). */
  readonly slotValues?: readonly string[] | undefined;
  /** With values: the same statement with every value a literal, whose compile decides doubtful cases. */
  readonly literal?: Runnable | undefined;
}

type LiveRunnable = Runnable & {
  readonly key: string;
  readonly values: readonly string[];
  readonly slotValues: readonly string[];
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
  const suffix =
    (statement.prepared.readsClockWhenCompiled ? `\u0000@${atMs}` : '') + (isStatement ? '' : PROBE);
  const literal = new LiteralRunnable(statement, isStatement, suffix);
  const live = liveBinding(instance, statement, isStatement, suffix);
  if (live === null) return literal;
  return {
    ast: isStatement ? live.ast : live.probe,
    key: live.key + suffix,
    values: live.values,
    params: live.params,
    columns: statement.prepared.liveCandidates,
    slotValues: live.slotValues,
    literal,
  };
}

/** The literal statement, whose tree and key are made only when asked for: a live run needs them only to fall back on. */
class LiteralRunnable implements Runnable {
  constructor(
    private readonly statement: BoundStatement,
    private readonly isStatement: boolean,
    private readonly suffix: string,
  ) {}

  get ast(): Statement {
    return this.isStatement ? this.statement.ast : this.statement.probe;
  }

  get key(): string {
    return this.statement.key + this.suffix;
  }
}

/** Runs it on the database's state showing. */
export function runOn(instance: PgMemInstance, target: Runnable): QueryResult {
  const { ast, key, values, literal } = target;
  if (values === undefined || literal === undefined) return instance.run(ast, key);
  const live: LiveRunnable = {
    ast,
    key: key as string,
    values,
    params: target.params,
    columns: target.columns,
    slotValues: target.slotValues ?? [],
    literal,
  };
  return runLive(instance, live);
}

/** The same insert without its ON CONFLICT clause, compiled under the probe's key. */
export function withoutOnConflict(target: Runnable): Runnable {
  return new ProbeRunnable(target);
}

/** An insert's probe: its tree and key are made when asked for, as the literal's key is. */
class ProbeRunnable implements Runnable {
  private tree: Statement | undefined;
  readonly values: readonly string[] | undefined;
  readonly params: readonly number[] | undefined;
  readonly columns: ReadonlyMap<number, LiveColumn | undefined> | undefined;
  readonly slotValues: readonly string[] | undefined;
  readonly literal: Runnable | undefined;

  constructor(private readonly target: Runnable) {
    this.values = target.values;
    this.params = target.params;
    this.columns = target.columns;
    this.slotValues = target.slotValues;
    this.literal = target.literal === undefined ? undefined : new ProbeRunnable(target.literal);
  }

  get ast(): Statement {
    this.tree ??= withoutConflictClause(this.target.ast);
    return this.tree;
  }

  get key(): string | undefined {
    const { key } = this.target;
    return key === undefined ? undefined : key + PROBE;
  }
}

/** The live binding the database has learnt for this statement shape, learning it first if need be. */
function liveBinding(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  suffix: string,
): LiveBinding | null {
  const shape = statementShape(statement, isStatement);
  if (shape === null) return null;
  const learnt =
    instance.liveSet(shape.name) ??
    learnLiveSet(instance, statement, isStatement, suffix, shape.candidates, shape.name);
  return learnt === undefined ? null : bindLiveValues(statement, learnt.live, learnt.slots);
}

/**
 * The statement's shape: its candidates whose value is not null (null stays a literal), and its
 * name, made once per shape (see PreparedStatement.shapeNames) and found by a number, not a string
 * built at every run: which candidates are null, as bits, and whether it is the probe.
 */
function statementShape(statement: BoundStatement, isStatement: boolean): StatementShape | null {
  const { prepared, literals } = statement;
  let mask = isStatement ? 0 : 1;
  let bit = 2;
  for (const n of prepared.liveCandidates.keys()) {
    if (literals[n - 1]?.type !== 'string') mask += bit;
    bit *= 2;
  }
  // Past 2^53 the bits are not exact: such a shape (over fifty candidates) is named afresh each time.
  const kept = bit <= Number.MAX_SAFE_INTEGER;
  let shape = kept ? prepared.shapeNames.get(mask) : undefined;
  if (shape === undefined) {
    const candidates = [...prepared.liveCandidates.keys()].filter((n) => literals[n - 1]?.type === 'string');
    shape = {
      name: `${prepared.sql}${isStatement ? '' : PROBE}\u0000${candidates.join(',')}`,
      candidates,
    };
    if (kept) prepared.shapeNames.set(mask, shape);
  }
  return shape.candidates.length === 0 ? null : shape;
}

/**
 * Which candidates pg-mem compiles as parameters, and which of the others as index-key slots.
 * First all go live; if pg-mem reads some while planning, each is tried alone to find which, and
 * those that are index keys become slots where index-key-slots.ts finds them in the compiled code.
 * Undefined, and nothing learnt, if compiling failed for another reason (this binding then runs
 * as literals).
 */
function learnLiveSet(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  suffix: string,
  candidates: readonly number[],
  shape: string,
): LiveShape | undefined {
  const none = new Set<number>();
  const tryShape = (live: ReadonlySet<number>, slots: ReadonlySet<number> = none) =>
    compiles(instance, statement, isStatement, suffix, { live, slots });
  const all = new Set(candidates);
  let learnt: LiveShape | undefined;
  const first = tryShape(all);
  if (first === 'failed') return undefined;
  if (first === 'compiled') learnt = { live: all, slots: none };
  else {
    const planned =
      candidates.length === 1 ? candidates : candidates.filter((n) => tryShape(new Set([n])) === 'planning');
    const live = new Set(candidates.filter((n) => !planned.includes(n)));
    const keys = keyCandidates(statement.prepared.ast as Statement);
    const slots = new Set(planned.filter((n) => keys.has(n)));
    if (slots.size > 0 && tryShape(live, slots) === 'compiled') learnt = { live, slots };
    else if (live.size > 0 && tryShape(live) === 'compiled') learnt = { live, slots: none };
    else learnt = { live: none, slots: none };
  }
  instance.learnLiveSet(shape, learnt);
  return learnt;
}

/**
 * Compiles the statement (or its probe) with a live binding, as the database keeps it: whether it
 * compiled (with its slots found), pg-mem read a live value while planning, or it failed otherwise.
 */
function compiles(
  instance: PgMemInstance,
  statement: BoundStatement,
  isStatement: boolean,
  suffix: string,
  shape: LiveShape,
): 'compiled' | 'planning' | 'failed' {
  const binding = bindLiveValues(statement, shape.live, shape.slots);
  if (binding === null) return 'compiled';
  try {
    const compiled = instance.compile(
      isStatement ? binding.ast : binding.probe,
      binding.key + suffix,
      binding.slotValues.length,
    );
    return binding.slotValues.length > 0 && compiled.slots === null ? 'failed' : 'compiled';
  } catch (error) {
    return readsParameterWhilePlanning(error) ? 'planning' : 'failed';
  }
}

/** pg-mem evaluated a live value while compiling (an index lookup's key, say): it cannot go live there. */
function readsParameterWhilePlanning(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('No execution context available');
}

/**
 * Runs with live values. If the run did not read them all, whether the literal statement would
 * have refused one is known from the parameter's type where literal-acceptance.ts knows it, and
 * otherwise only by compiling it: if that fails, so does the statement, as the literal one would,
 * with nothing changed.
 */
function runLive(instance: PgMemInstance, target: LiveRunnable): QueryResult {
  const before = instance.db.backup();
  const read = target.values.map(() => false);
  const allRead = (): boolean => read.every(Boolean);
  let result: QueryResult | null;
  try {
    result = instance.runReading(target.ast, target.key, target.values, read, target.slotValues);
  } catch (error) {
    if (!allRead()) compileLiteral(instance, target.literal, before);
    throw error;
  }
  // Slots the compiled code did not keep (not once learnt): the literal statement it is.
  if (result === null) return instance.run(target.literal.ast, target.literal.key);
  if (!allRead() && !unreadAccepted(instance, target, read)) compileLiteral(instance, target.literal, before);
  return result;
}

/**
 * Whether every value the run did not read is one pg-mem surely accepts as a literal: of its
 * parameter's type, or written to or compared with a plain text column (pg-mem-instance.ts).
 */
function unreadAccepted(instance: PgMemInstance, target: LiveRunnable, read: readonly boolean[]): boolean {
  const types = instance.parameterTypes(target.key);
  return target.values.every((value, index) => {
    if (read[index] || literalAccepted(types[index], value) === true) return true;
    const n = target.params?.[index];
    const column = n === undefined ? undefined : target.columns?.get(n);
    return column !== undefined && instance.isPlainText(column);
  });
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
