/**
 * Which rows a statement locks, and the statements the model derives from it to find and touch
 * exactly those rows.
 *
 * SELECT ... FOR <mode>, UPDATE and DELETE lock the rows they reach. pg-mem cannot lock, so for
 * each such statement (its text, with `$n` still in it) the model derives two more texts:
 * - the locate query: the same FROM and WHERE (and ORDER BY), selecting only the key of each row
 *   it reaches, in order, without LIMIT (a row skipped or no longer matching lets the next one in,
 *   as PostgreSQL's LockRows sits below its Limit);
 * - the restricted statement: the statement itself (without FOR / SKIP LOCKED / NOWAIT, which
 *   pg-mem does not read) with `AND (<key> = $k OR ...)` added to its WHERE, binding the keys of
 *   the rows it locked after the statement's own parameters. It is what runs, and what is applied
 *   again at COMMIT, so a replay touches the rows it locked and no row inserted since.
 * Shapes this cannot model precisely are refused with 0A000 (see `refusal`).
 */
import {
  toSql,
  type Expr,
  type From,
  type SelectedColumn,
  type SelectFromStatement,
  type Statement,
  type UpdateStatement,
} from 'pgsql-ast-parser';
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { TableKeys } from './table-keys.js';
import type { RowLockMode } from './row-locks.js';
import type { PreparedStatement } from './pg-mem-speed-ups/statement-cache.js';

/** What a statement does on meeting a row another transaction holds: wait, fail, or pass it by. */
export type WaitPolicy = 'wait' | 'nowait' | 'skip locked';

export interface LockPlan {
  /** The table whose rows it locks. */
  readonly table: string;
  /** How the statement names that table (its alias, else its name), to qualify the key columns. */
  readonly ref: string;
  /** The lock it takes; undefined for an UPDATE, whose mode depends on the columns it sets. */
  readonly mode: RowLockMode | undefined;
  /** Columns an UPDATE sets: touching one in a unique index makes its lock FOR UPDATE. */
  readonly setColumns: readonly string[];
  readonly policy: WaitPolicy;
  /** A locking SELECT (its LIMIT and OFFSET count locked rows), rather than an UPDATE or DELETE. */
  readonly isSelect: boolean;
  /** The statement as pg-mem runs it (no locking clause), `$n` unbound. */
  readonly base: Statement;
  /** `base` as text. */
  readonly baseSql: string;
  /** The statement's own parameter count: key values bind after these. */
  readonly paramCount: number;
}

const plans = new WeakMap<PreparedStatement, LockPlan | DatabaseError | null>();
const derived = new WeakMap<LockPlan, Map<string, string>>();

/** The statement's lock plan; null if it locks no rows; a DatabaseError (0A000) if not modelled. */
export function lockPlanOf(prepared: PreparedStatement): LockPlan | DatabaseError | null {
  let plan = plans.get(prepared);
  if (plan === undefined) {
    plan =
      prepared.ast === null ? null : (refusal(prepared.ast) ?? planOf(prepared.ast, prepared.paramCount));
    plans.set(prepared, plan);
  }
  return plan;
}

/** `SELECT <ref>.<key> AS idemsim_key_<i> FROM ... WHERE ... [ORDER BY ...]`, `$n` unbound. */
export function locateSql(plan: LockPlan, keys: TableKeys): string {
  return cached(plan, `locate\u0000${keys.key.join(',')}`, () => {
    const columns = keyColumns(plan, keys);
    const base = plan.base;
    if (base.type === 'select') {
      const { limit: _limit, ...unlimited } = base as SelectFromStatement;
      return toSql.statement({ ...unlimited, columns });
    }
    const target = base.type === 'update' ? base.table : base.type === 'delete' ? base.from : null;
    if (target === null) throw new Error('a lock plan is for SELECT, UPDATE or DELETE');
    const where = base.type === 'update' || base.type === 'delete' ? base.where : null;
    const select: SelectFromStatement = {
      type: 'select',
      columns,
      from: [{ type: 'table', name: target }],
      ...(where === null || where === undefined ? {} : { where }),
    };
    return toSql.statement(select);
  });
}

/**
 * The statement itself, also naming the rows it reaches by their keys: a locking SELECT with the
 * key columns after its own (`..., <ref>.<key> AS idemsim_key_<i>`), an UPDATE or DELETE with
 * `RETURNING` them, `$n` unbound. Undefined where it would not reach the rows the locate query
 * reaches, or not touch them as the restricted statement does: a SELECT with LIMIT or OFFSET (they
 * count locked rows); an UPDATE or DELETE with a RETURNING of its own; an UPDATE that sets a key
 * column (its RETURNING names the row by its new key, and the lock is on the old one).
 */
export function namingSql(plan: LockPlan, keys: TableKeys): string | undefined {
  const text = cached(plan, `naming\u0000${keys.key.join(',')}`, () => {
    const columns = keyColumns(plan, keys);
    const base = plan.base;
    if (base.type === 'select') {
      const select = base as SelectFromStatement;
      if (select.limit !== null && select.limit !== undefined) return '';
      return toSql.statement({ ...select, columns: [...(select.columns ?? []), ...columns] });
    }
    if (base.type !== 'update' && base.type !== 'delete') return '';
    if (plan.setColumns.some((column) => keys.key.includes(column))) return '';
    if (base.returning !== null && base.returning !== undefined && base.returning.length > 0) return '';
    return toSql.statement({ ...base, returning: columns });
  });
  return text === '' ? undefined : text;
}

function keyColumns(plan: LockPlan, keys: TableKeys): SelectedColumn[] {
  return keys.key.map((column, index) => ({
    expr: column_(plan.ref, column),
    alias: { name: keyAlias(index) },
  }));
}

/** The column alias of the i-th key column in the locate query. */
export function keyAlias(index: number): string {
  return `idemsim_key_${index}`;
}

/** The statement restricted to `rows` rows named by their keys, bound at `$paramCount+1` on. */
export function restrictedSql(plan: LockPlan, keys: TableKeys, rows: number): string {
  return cached(plan, `restricted\u0000${keys.key.join(',')}\u0000${rows}`, () => {
    let next = plan.paramCount;
    const rowTests: Expr[] = [];
    for (let row = 0; row < rows; row++) {
      const tests = keys.key.map(
        (column): Expr => ({
          type: 'binary',
          op: '=',
          left: column_(plan.ref, column),
          right: { type: 'parameter', name: `$${++next}` },
        }),
      );
      rowTests.push(tests.reduce((left, right) => ({ type: 'binary', op: 'AND', left, right })));
    }
    const only: Expr =
      rowTests.length === 0
        ? { type: 'boolean', value: false }
        : rowTests.reduce((left, right) => ({ type: 'binary', op: 'OR', left, right }));
    const base = plan.base as SelectFromStatement | UpdateStatement;
    const where: Expr =
      base.where === null || base.where === undefined
        ? only
        : { type: 'binary', op: 'AND', left: base.where, right: only };
    return toSql.statement({ ...base, where } as Statement);
  });
}

/** How many rows a locking SELECT's LIMIT and OFFSET let through (bound); undefined: all. */
export function rowsWanted(bound: Statement): number | undefined | DatabaseError {
  if (bound.type !== 'select') return undefined;
  const limit = bound.limit;
  if (limit === null || limit === undefined || limit.limit === null || limit.limit === undefined)
    return undefined;
  const count = literalNumber(limit.limit);
  const offset = limit.offset === null || limit.offset === undefined ? 0 : literalNumber(limit.offset);
  if (count === undefined || offset === undefined) {
    return new DatabaseError(
      SQLSTATE.featureNotSupported,
      'a locking SELECT with a computed LIMIT or OFFSET is not modelled: give a constant or a parameter',
    );
  }
  return count + offset;
}

function literalNumber(expr: Expr): number | undefined {
  if (expr.type === 'integer' || expr.type === 'numeric') return expr.value;
  if (expr.type === 'string' && /^\s*\d+\s*$/.test(expr.value)) return Number(expr.value);
  if (expr.type === 'null') return Number.POSITIVE_INFINITY; // LIMIT NULL: no limit
  return undefined;
}

function planOf(ast: Statement, paramCount: number): LockPlan | null {
  if (ast.type === 'select' && ast.for !== undefined && ast.for !== null) {
    const { for: lock, skip, ...base } = ast;
    const from = (ast.from ?? [])[0] as Extract<From, { type: 'table' }>;
    const policy: WaitPolicy = skip?.type ?? 'wait';
    const common = { table: from.name.name, ref: from.name.alias ?? from.name.name, setColumns: [] };
    return {
      ...common,
      mode: lock.type,
      policy,
      isSelect: true,
      base,
      baseSql: toSql.statement(base),
      paramCount,
    };
  }
  if (ast.type === 'update') {
    const table = ast.table.name;
    const setColumns = ast.sets.map((set) => set.column.name);
    return { table, ref: ast.table.alias ?? table, mode: undefined, setColumns, ...writing(ast, paramCount) };
  }
  if (ast.type === 'delete') {
    const table = ast.from.name;
    return {
      table,
      ref: ast.from.alias ?? table,
      mode: 'update',
      setColumns: [],
      ...writing(ast, paramCount),
    };
  }
  return null;
}

function writing(base: Statement, paramCount: number) {
  return { policy: 'wait' as const, isSelect: false, base, baseSql: toSql.statement(base), paramCount };
}

/** The locking shapes the model refuses (0A000), with what to write instead; undefined if none. */
function refusal(ast: Statement): DatabaseError | undefined {
  const refuse = (what: string, instead: string): DatabaseError =>
    new DatabaseError(SQLSTATE.featureNotSupported, `${what} is not modelled: ${instead}`);
  if (ast.type === 'with' || ast.type === 'with recursive') {
    if (
      JSON.stringify(ast).includes('"type":"insert"') ||
      /"type":"(update|delete)"/.test(JSON.stringify(ast))
    )
      return refuse('a data-modifying WITH', 'run each write as its own statement');
  }
  if (ast.type === 'update' && ast.from !== null && ast.from !== undefined)
    return refuse('UPDATE ... FROM', 'find the rows first, then UPDATE them by key');
  const top = ast.type === 'select' ? ast : undefined;
  if (hasNestedLockingClause(ast, top))
    return refuse(
      'FOR UPDATE / FOR SHARE inside a subquery, CTE or UNION',
      'lock the rows in a top-level SELECT',
    );
  if (top === undefined || top.for === null || top.for === undefined) return undefined;
  const from = top.from ?? [];
  const only = from[0];
  if (from.length !== 1 || only === undefined || only.type !== 'table' || only.join)
    return refuse(
      'FOR UPDATE / FOR SHARE over a join, a subquery or no table',
      "lock one table's rows per statement",
    );
  if (
    (top.groupBy ?? []).length > 0 ||
    top.distinct ||
    JSON.stringify(top.columns ?? []).includes('"type":"call"')
  )
    return refuse(
      'FOR UPDATE / FOR SHARE with GROUP BY, DISTINCT or function calls',
      'select the columns plainly',
    );
  return undefined;
}

function hasNestedLockingClause(node: unknown, top: object | undefined): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const record = node as Record<string, unknown>;
  if (node !== top && record['for'] !== undefined && record['type'] === 'select') return true;
  return Object.values(record).some((child) => hasNestedLockingClause(child, top));
}

function column_(ref: string, column: string): Expr {
  return { type: 'ref', table: { name: ref }, name: column };
}

function cached(plan: LockPlan, key: string, make: () => string): string {
  let texts = derived.get(plan);
  if (texts === undefined) {
    texts = new Map();
    derived.set(plan, texts);
  }
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    texts.set(key, text);
  }
  return text;
}
