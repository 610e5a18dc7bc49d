/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * Parses each distinct SQL text once and binds parameters into the parsed tree, without parsing
 * again.
 *
 * Parsing costs pg-mem far more than running a small statement, and pg-mem's own prepared
 * statements cannot replace binding: they evaluate `$1` while planning an index lookup, outside
 * any execution, and fail. So the parameters are bound here: the tree is copied only along the paths
 * that lead to a `$n` (marked once, at parse time), each `$n` becomes a text literal as
 * node-postgres would send it, and every other node is shared between bindings, which also lets
 * pg-mem reuse the expressions it built for them.
 *
 * Each binding also carries a key (the text and the values) under which the database may keep the
 * code pg-mem compiled for it, and its values, from which `bindLiveValues` makes a second binding
 * that leaves some of them to pg-mem's own parameters where those behave as literals
 * (live-values.ts), so that one compiled statement serves every value.
 */
import { parse, type Expr, type Statement } from 'pgsql-ast-parser';
import { readsClockWhenCompiled } from './clock-reads.js';
import { withoutConflictClause } from './conflict-probe.js';
import { DatabaseError, SQLSTATE, type IsolationLevel } from '../../port/database-port.js';
import {
  bindLive,
  liveCandidates,
  type LiveBinding,
  type LiveColumn,
  type LiveTreeCache,
} from './live-values.js';
import { toLiteral } from '../sql-literal.js';

/** READ UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL. */
export type { IsolationLevel } from '../../port/database-port.js';

/** begin / commit / rollback are transaction control; ddl runs outside transactions. */
export type StatementKind = 'begin' | 'commit' | 'rollback' | 'read' | 'write' | 'ddl';

export interface PreparedStatement {
  readonly sql: string;
  readonly kind: StatementKind;
  /** The isolation level a BEGIN asks for (undefined: the server's default). */
  readonly isolation?: IsolationLevel;
  /** The table a write targets (for narrowing conflict checks); null when not one table. */
  readonly table: string | null;
  /** Null for transaction control, which is handled without pg-mem. */
  readonly ast: Statement | null;
  /** The highest `$n` used. */
  readonly paramCount: number;
  /** Nodes with a `$n` somewhere below: the only ones a binding copies. */
  readonly withParams: ReadonlySet<object>;
  /** False until pg-mem has checked, once, that it used every part of this statement's tree. */
  coverageChecked: boolean;
  /**
   * The same for its probe (an INSERT ... ON CONFLICT without the ON CONFLICT), which is all that
   * runs while no conflict ever happens: without its own flag such an insert never had its
   * compiled code reused.
   */
  probeCoverageChecked: boolean;
  /** pg-mem reads the clock while compiling it (CURRENT_TIMESTAMP and kin): compiled code holds that time. */
  readonly readsClockWhenCompiled: boolean;
  /** The `$n` in positions where they may reach pg-mem as its own parameters, with their columns (live-values.ts). */
  readonly liveCandidates: ReadonlyMap<number, LiveColumn | undefined>;
  /** Its live bindings' trees, made once each (live-values.ts). */
  readonly liveTrees: LiveTreeCache;
  /**
   * Its statement shapes (runnable.ts), by which candidates are null and whether it is the probe:
   * each named by one string, so that the database's map finds a shape by a hash computed once.
   */
  readonly shapeNames: Map<number, StatementShape>;
}

/** Which of a statement's live candidates are not null in a binding, and the name of that shape. */
export interface StatementShape {
  readonly name: string;
  readonly candidates: readonly number[];
}

export interface BoundStatement {
  readonly prepared: PreparedStatement;
  /**
   * The statement with its parameters bound as literals. Built when first read: most runs hand
   * pg-mem a live binding instead (live-values.ts), so read it only where the tree itself is needed.
   */
  readonly ast: Statement;
  /** The same for every binding of the same text to the same values: what pg-mem's compiled code may be cached by. */
  readonly key: string;
  /** The values as bound, `$1` first. */
  readonly literals: readonly Expr[];
  /** For INSERT ... ON CONFLICT: the same insert without ON CONFLICT, to find conflicts (else `ast`; built when first read too). */
  readonly probe: Statement;
  /** Whether `probe` is another statement than `ast` (an INSERT ... ON CONFLICT), known without building either. */
  readonly probeDiffers: boolean;
  /** INSERT ... ON CONFLICT DO NOTHING, whose answer pg-mem gets wrong (see ../mem-database.ts). */
  readonly doNothing: boolean;
}

const BEGIN =
  /^\s*(?:begin|start\s+transaction)(?:\s+(?:work|transaction))?(?:\s+isolation\s+level\s+(read\s+committed|read\s+uncommitted|repeatable\s+read|serializable))?\s*;?\s*$/i;
const COMMIT = /^\s*(?:commit|end)(?:\s+(?:work|transaction))?\s*;?\s*$/i;
const ROLLBACK = /^\s*(?:rollback|abort)(?:\s+(?:work|transaction))?\s*;?\s*$/i;

export class StatementCache {
  private readonly prepared = new Map<string, PreparedStatement>();

  /** Distinct statement texts parsed so far. */
  get size(): number {
    return this.prepared.size;
  }

  /** Throws DatabaseError on a syntax error or a parameter count that does not match. */
  bind(sql: string, params: readonly unknown[]): PreparedStatement | BoundStatement {
    const prepared = this.prepare(sql);
    if (prepared.ast === null) return prepared;
    if (params.length !== prepared.paramCount) {
      throw new DatabaseError(
        SQLSTATE.protocolViolation,
        `bind message supplies ${params.length} parameters, but prepared statement "" requires ${prepared.paramCount}`,
      );
    }
    return this.bindLiterals(prepared, params.map(toLiteral));
  }

  /** Binds literal nodes (values already turned into SQL literals) to a parsed text. */
  bindLiterals(prepared: PreparedStatement, literals: readonly Expr[]): BoundStatement {
    const { ast } = prepared;
    if (ast === null) throw new Error('transaction control binds no values');
    // Binding copies only the paths to a `$n`, and ON CONFLICT's presence and its DO NOTHING are
    // not values: the parsed text answers for every binding of it.
    const probeDiffers = ast.type === 'insert' && Boolean(ast.onConflict);
    const doNothing = ast.type === 'insert' && ast.onConflict?.do === 'do nothing';
    return new Binding(prepared, literals, probeDiffers, doNothing);
  }

  prepare(sql: string): PreparedStatement {
    let prepared = this.prepared.get(sql);
    if (prepared === undefined) {
      prepared = prepareText(sql);
      this.prepared.set(sql, prepared);
    }
    return prepared;
  }
}

function prepareText(sql: string): PreparedStatement {
  const control = transactionControl(sql);
  if (control !== undefined) {
    const level = control === 'begin' ? isolationOf(sql) : undefined;
    const none = {
      ast: null,
      paramCount: 0,
      withParams: new Set<object>(),
      liveCandidates: new Map<number, LiveColumn | undefined>(),
      liveTrees: new Map(),
      shapeNames: new Map<number, StatementShape>(),
    };
    return {
      sql,
      kind: control,
      table: null,
      ...none,
      coverageChecked: true,
      probeCoverageChecked: true,
      readsClockWhenCompiled: false,
      ...(level === undefined ? {} : { isolation: level }),
    };
  }
  let statements: Statement[];
  try {
    statements = parse(sql);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new DatabaseError(SQLSTATE.syntaxError, `syntax error: ${reason}`);
  }
  const [ast, ...more] = statements;
  if (ast === undefined || more.length > 0) {
    throw new DatabaseError(
      SQLSTATE.syntaxError,
      'cannot insert multiple commands into a prepared statement',
    );
  }
  const withParams = new Set<object>();
  const paramCount = markParams(ast, withParams);
  const fromTree = {
    readsClockWhenCompiled: readsClockWhenCompiled(ast),
    liveCandidates: liveCandidates(ast),
  };
  return {
    sql,
    ...classify(ast),
    ast,
    paramCount,
    withParams,
    coverageChecked: false,
    probeCoverageChecked: false,
    ...fromTree,
    liveTrees: new Map(),
    shapeNames: new Map<number, StatementShape>(),
  };
}

function transactionControl(sql: string): StatementKind | undefined {
  if (BEGIN.test(sql)) return 'begin';
  if (COMMIT.test(sql)) return 'commit';
  if (ROLLBACK.test(sql)) return 'rollback';
  return undefined;
}

/** The level `BEGIN ISOLATION LEVEL ...` names; undefined if it names none. */
function isolationOf(sql: string): IsolationLevel | undefined {
  const named = BEGIN.exec(sql)?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  if (named === undefined) return undefined;
  return named === 'read uncommitted' ? 'read committed' : (named as IsolationLevel);
}

function classify(ast: Statement): { kind: StatementKind; table: string | null } {
  switch (ast.type) {
    case 'insert':
      return { kind: 'write', table: ast.into.name };
    case 'update':
      return { kind: 'write', table: ast.table.name };
    case 'delete':
      return { kind: 'write', table: ast.from.name };
    case 'with': {
      const writes = ast.bind.some(({ statement }) =>
        ['insert', 'update', 'delete'].includes(statement.type),
      );
      return {
        kind: writes || ['insert', 'update', 'delete'].includes(ast.in.type) ? 'write' : 'read',
        table: null,
      };
    }
    case 'select':
    case 'union':
    case 'union all':
    case 'values':
    case 'with recursive':
    case 'show':
      return { kind: 'read', table: null };
    default:
      return { kind: 'ddl', table: null };
  }
}

/** Adds every node that has a `$n` below it to `marked`; returns the highest n found. */
function markParams(node: unknown, marked: Set<object>): number {
  if (typeof node !== 'object' || node === null) return 0;
  const record = node as Record<string, unknown>;
  let highest = 0;
  if (record['type'] === 'parameter' && typeof record['name'] === 'string') {
    highest = Number(record['name'].slice(1));
  }
  for (const child of Object.values(record)) highest = Math.max(highest, markParams(child, marked));
  if (highest > 0) marked.add(node);
  return highest;
}

/**
 * The statement with the values of `live` left to pg-mem's parameters (live-values.ts) and those of
 * `slots` compiled as index-key sentinels (index-key-slots.ts), or null if none is left.
 */
export function bindLiveValues(
  statement: BoundStatement,
  live: ReadonlySet<number>,
  slots?: ReadonlySet<number>,
): LiveBinding | null {
  const { prepared } = statement;
  if (prepared.ast === null) return null;
  const bindTo = (tree: Statement, replacements: readonly Expr[]): Statement =>
    substitute(tree, prepared.withParams, replacements) as Statement;
  return bindLive(prepared.sql, prepared.ast, live, statement.literals, bindTo, slots, prepared.liveTrees);
}

/**
 * A bound statement whose key and literal trees are made when first asked for: a statement whose
 * values go live (live-values.ts) runs under its live binding's key and trees, and needs these only
 * if it falls back to the literal statement. Copying the literal tree for every binding was about
 * 4 % of a recovery-point hunt's CPU, for trees most runs never read; made later, they are the
 * same trees (a pure function of the parsed text and the literals).
 */
class Binding implements BoundStatement {
  private keyText: string | undefined;
  private tree: Statement | undefined;
  private probeTree: Statement | undefined;

  constructor(
    readonly prepared: PreparedStatement,
    readonly literals: readonly Expr[],
    readonly probeDiffers: boolean,
    readonly doNothing: boolean,
  ) {}

  get key(): string {
    this.keyText ??= bindingKey(this.prepared.sql, this.literals);
    return this.keyText;
  }

  get ast(): Statement {
    const { prepared } = this;
    this.tree ??= substitute(prepared.ast, prepared.withParams, this.literals) as Statement;
    return this.tree;
  }

  get probe(): Statement {
    if (!this.probeDiffers) return this.ast;
    this.probeTree ??= withoutConflictClause(this.ast);
    return this.probeTree;
  }
}

/** The text and the values as sent: 1 and '1' bind the same tree, so they share a key; null and 'null' do not. */
function bindingKey(sql: string, literals: readonly Expr[]): string {
  return `${sql}\u0000${JSON.stringify(literals.map((literal) => (literal.type === 'string' ? literal.value : null)))}`;
}

/**
 * Copies `node` along the paths to its `$n`, each replaced by `replacements[n - 1]`; shares the rest.
 * Every binding of a text copies the same paths, so they are found once per tree (`copyPlan`): a
 * binding then visits only the nodes it copies, and asks no set about the ones it shares.
 */
export function substitute(
  node: unknown,
  withParams: ReadonlySet<object>,
  replacements: readonly unknown[],
): unknown {
  if (typeof node !== 'object' || node === null || !withParams.has(node)) return node;
  let plan = copyPlans.get(node);
  if (plan === undefined) {
    plan = copyPlan(node, withParams);
    copyPlans.set(node, plan);
  }
  return copyAlong(plan, node, replacements);
}

/** What to copy of a node with a `$n` below it: the `$n` itself, or which items or fields lead to one. */
type CopyPlan =
  | { readonly kind: 'parameter'; readonly index: number }
  | { readonly kind: 'array'; readonly items: ReadonlyArray<CopyPlan | null> }
  | {
      readonly kind: 'object';
      readonly keys: readonly string[];
      readonly fields: ReadonlyArray<CopyPlan | null>;
    };

/** By tree: parsed trees are never changed (bindings share their nodes), so neither is their plan. */
const copyPlans = new WeakMap<object, CopyPlan>();

function copyPlan(node: object, withParams: ReadonlySet<object>): CopyPlan {
  const below = (child: unknown): CopyPlan | null =>
    typeof child === 'object' && child !== null && withParams.has(child) ? copyPlan(child, withParams) : null;
  if (Array.isArray(node)) return { kind: 'array', items: node.map(below) };
  const record = node as Record<string, unknown>;
  if (record['type'] === 'parameter')
    return { kind: 'parameter', index: Number(String(record['name']).slice(1)) - 1 };
  // The keys a for-in meets (the trees are plain parsed objects: their own enumerable keys).
  const keys: string[] = [];
  for (const key in record) keys.push(key);
  return { kind: 'object', keys, fields: keys.map((key) => below(record[key])) };
}

function copyAlong(plan: CopyPlan, node: unknown, replacements: readonly unknown[]): unknown {
  switch (plan.kind) {
    case 'parameter':
      return replacements[plan.index];
    case 'array':
      return (node as unknown[]).map((item, index) => {
        const inner = plan.items[index];
        return inner === null || inner === undefined ? item : copyAlong(inner, item, replacements);
      });
    case 'object': {
      const record = node as Record<string, unknown>;
      const copy: Record<string, unknown> = {};
      const { keys, fields } = plan;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as string;
        const inner = fields[index];
        copy[key] =
          inner === null || inner === undefined ? record[key] : copyAlong(inner, record[key], replacements);
      }
      return copy;
    }
  }
}
