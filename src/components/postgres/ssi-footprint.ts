/**
 * What a SERIALIZABLE statement read and wrote, as serializable-conflicts.ts compares them: whole
 * tables, or single rows where the model can name them.
 *
 * A read is of one row when the statement reads one table through an equality on every column of
 * its key (`WHERE key = $1 [AND ...]`): PostgreSQL then locks that index entry and the heap row,
 * and an INSERT of the same key later conflicts with it too, so the row's name stands for both.
 * Any other read is of the whole table, as PostgreSQL's sequential scan (and, on a small table,
 * its one index page) is. A write is of the rows an UPDATE or DELETE locked, or of the keys an
 * INSERT's VALUES give; an INSERT whose key the model cannot read (a default, a SELECT) writes the
 * whole table.
 */
import type { Expr, Statement } from 'pgsql-ast-parser';
import type { MemDatabase } from './mem-database.js';
import { tablesRead } from './serializable-conflicts.js';

export interface Footprint {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** A row's name: its table and its key values as text. */
export function ssiRow(table: string, key: readonly unknown[]): string {
  return `${table}\u0000${key.map(String).join('\u0001')}`;
}

/** The statement's footprint; `changedRows` are row-locks.ts names of the rows it updated or deleted. */
export function footprintOf(
  mem: MemDatabase,
  ast: Statement,
  wrote: boolean,
  table: string | null,
  changedRows: readonly string[],
): Footprint {
  const inserted = ast.type === 'insert' ? insertedKeys(mem, ast, ast.into.name) : undefined;
  const reads = [...tablesRead(ast)].flatMap((read) =>
    // An upsert reads only the keys it inserts (its conflict check), when the model can name them.
    ast.type === 'insert' && read === ast.into.name && inserted !== undefined
      ? inserted
      : [keyRead(mem, ast, read) ?? read],
  );
  if (!wrote || table === null) return { reads, writes: [] };
  if (ast.type === 'insert') return { reads, writes: inserted ?? [table] };
  const writes = changedRows.map((row) => {
    const split = row.indexOf('\u0000');
    return ssiRow(row.slice(0, split), JSON.parse(row.slice(split + 1)) as unknown[]);
  });
  return { reads, writes };
}

/** The row a one-table statement reads by its whole key; undefined if it reads more. */
function keyRead(mem: MemDatabase, ast: Statement, table: string): string | undefined {
  const where = whereOf(ast, table);
  const keys = where === undefined ? undefined : mem.tableKeys(table);
  if (where === undefined || keys === undefined || keys === 'no key') return undefined;
  const equal = new Map<string, unknown>();
  collectEqualities(where, equal);
  const key = keys.key.map((column) => equal.get(column));
  return key.every((value) => value !== undefined) ? ssiRow(table, key) : undefined;
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

/** `col = literal` conjuncts of an AND tree. */
function collectEqualities(expr: Expr, into: Map<string, unknown>): void {
  if (expr.type !== 'binary') return;
  if (expr.op === 'AND') {
    collectEqualities(expr.left, into);
    collectEqualities(expr.right, into);
    return;
  }
  if (expr.op !== '=') return;
  const [ref, value] = expr.left.type === 'ref' ? [expr.left, expr.right] : [expr.right, expr.left];
  const literal = literalValue(value);
  if (ref.type === 'ref' && literal !== undefined) into.set(ref.name, literal);
}

function literalValue(expr: Expr): unknown {
  if (expr.type === 'string' || expr.type === 'integer' || expr.type === 'numeric') return expr.value;
  if (expr.type === 'cast') return literalValue(expr.operand);
  return undefined;
}

/** The key of every row an INSERT ... VALUES gives; undefined if one is not a literal. */
function insertedKeys(
  mem: MemDatabase,
  ast: Extract<Statement, { type: 'insert' }>,
  table: string,
): string[] | undefined {
  const keys = mem.tableKeys(table);
  if (keys === undefined || keys === 'no key' || ast.insert.type !== 'values' || ast.columns == null)
    return undefined;
  const columns = ast.columns.map((column) => column.name);
  const rows: string[] = [];
  for (const values of ast.insert.values) {
    const key = keys.key.map((column) => {
      const at = columns.indexOf(column);
      return at < 0 ? undefined : literalValue(values[at] as Expr);
    });
    if (key.some((value) => value === undefined)) return undefined;
    rows.push(ssiRow(table, key));
  }
  return rows;
}
