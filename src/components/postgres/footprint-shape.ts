/**
 * The part of a SERIALIZABLE statement's footprint (ssi-footprint.ts) that its text decides, found
 * once per text: the tables it reads, the `column = value` conjuncts of each one-table WHERE, and
 * an INSERT's columns and VALUES items. The values themselves may be parameters, looked up in each
 * binding's literals (`boundValue`), which is what the bound tree would hold in their place.
 */
import type { Expr, Statement } from 'pgsql-ast-parser';
import type { PreparedStatement } from './pg-mem-speed-ups/statement-cache.js';
import { tablesRead } from './serializable-conflicts.js';

/** A `column = value` conjunct; the value as the text has it (a literal, a `$n`, or a cast of one). */
export interface Equality {
  readonly column: string;
  readonly value: Expr;
}

export interface TableRead {
  readonly table: string;
  /** The WHERE's equalities when the statement reads only this table through a WHERE; else undefined. */
  readonly equalities: readonly Equality[] | undefined;
}

export interface InsertShape {
  readonly table: string;
  /** The column list; undefined if the INSERT names none. */
  readonly columns: readonly string[] | undefined;
  /** The VALUES rows; undefined for any other source (a SELECT). */
  readonly rows: ReadonlyArray<readonly Expr[]> | undefined;
}

export interface FootprintShape {
  readonly reads: readonly TableRead[];
  /** Set for an INSERT. */
  readonly insert: InsertShape | undefined;
}

const shapes = new WeakMap<PreparedStatement, FootprintShape>();

export function footprintShape(prepared: PreparedStatement): FootprintShape {
  let shape = shapes.get(prepared);
  if (shape === undefined) {
    if (prepared.ast === null) throw new Error('transaction control has no footprint');
    shape = shapeOf(prepared.ast);
    shapes.set(prepared, shape);
  }
  return shape;
}

/** The shape of a statement tree (bound or not: parameters are kept as they are). */
export function shapeOf(ast: Statement): FootprintShape {
  const reads = [...tablesRead(ast)].map((table): TableRead => {
    const where = whereOf(ast, table);
    if (where === undefined) return { table, equalities: undefined };
    const equalities: Equality[] = [];
    collectEqualities(where, equalities);
    return { table, equalities };
  });
  if (ast.type !== 'insert') return { reads, insert: undefined };
  const insert: InsertShape = {
    table: ast.into.name,
    columns: ast.columns == null ? undefined : ast.columns.map((column) => column.name),
    rows: ast.insert.type === 'values' ? ast.insert.values : undefined,
  };
  return { reads, insert };
}

/** A value of the text with the binding's literals in place of its `$n`; undefined if it is not a literal. */
export function boundValue(expr: Expr, literals: readonly Expr[]): unknown {
  if (expr.type === 'parameter') {
    const bound = literals[Number(expr.name.slice(1)) - 1];
    return bound === undefined ? undefined : boundValue(bound, literals);
  }
  if (expr.type === 'string' || expr.type === 'integer' || expr.type === 'numeric') return expr.value;
  if (expr.type === 'cast') return boundValue(expr.operand, literals);
  return undefined;
}

function whereOf(ast: Statement, table: string): Expr | undefined {
  if (ast.type === 'select') {
    const from = ast.from ?? [];
    const only = from[0];
    if (from.length !== 1 || only?.type !== 'table' || only.name.name !== table) return undefined;
    return ast.where ?? undefined;
  }
  if (ast.type === 'update' && ast.table.name === table) return ast.where ?? undefined;
  if (ast.type === 'delete' && ast.from.name === table) return ast.where ?? undefined;
  return undefined;
}

/** `col = value` conjuncts of an AND tree, in order. */
function collectEqualities(expr: Expr, into: Equality[]): void {
  if (expr.type !== 'binary') return;
  if (expr.op === 'AND') {
    collectEqualities(expr.left, into);
    collectEqualities(expr.right, into);
    return;
  }
  if (expr.op !== '=') return;
  const [ref, value] = expr.left.type === 'ref' ? [expr.left, expr.right] : [expr.right, expr.left];
  if (ref.type === 'ref') into.push({ column: ref.name, value });
}
