/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * Values passed to pg-mem as its own parameters ("live"), so that one compiled statement serves
 * every value: the statements idemsim's strategies send carry keys and lease times that differ in
 * every run, so compiled code cached by value would be compiled again nearly every time.
 *
 * pg-mem's parameters are not literals in general. One that pg-mem evaluates while it plans (an
 * index lookup on `key = $1`) makes the compile fail: such a `$n` stays a literal (the database
 * learns which, see `LiveShapes`). And a literal is converted to its column's type while the
 * statement compiles, so a value the type refuses fails the statement at once, whereas a parameter
 * is converted when a row needs it: never, if no row does. So a live run only counts if it read
 * every live value (the database checks, and runs the literal statement instead if not): then each
 * was converted as the literal would have been, or the first one refused ended the run, as it ends
 * the literal's compile (../pg-mem-errors.ts ignores the quoted statement, the one other difference).
 *
 * Positions where pg-mem (3.0.14) types and converts a parameter as it does a string literal (text,
 * acting as a constant literal, cast with the same conversion), and where each `$n` must appear
 * exactly once: a whole item of the single VALUES row of an INSERT; a whole SET value of an UPDATE
 * without FROM; one side of a comparison with a column, in the WHERE (through AND and OR only) of
 * an UPDATE without FROM, a DELETE, or a SELECT from one table, and in the same places of the WHERE
 * of a one-table SELECT that such a WHERE tests a column IN. A null stays a literal: pg-mem types
 * a NULL literal as null, not text. Everything else is bound as before (statement-cache.ts).
 */
import type { Expr, ExprRef, Statement } from 'pgsql-ast-parser';
import { slotSentinel } from './index-key-slots.js';
import { withoutConflictClause } from './conflict-probe.js';

/** The statement with its live values as pg-mem parameters `$1..$k`, and those values in order. */
export interface LiveBinding {
  readonly ast: Statement;
  /** The INSERT without ON CONFLICT (see BoundStatement.probe), with the same parameters. */
  readonly probe: Statement;
  /** What its compiled code is found by: the text, every literal value, and which values are live. */
  readonly key: string;
  /** The live values, as node-postgres sends them. */
  readonly values: readonly string[];
  /** The `n` of each live value's `$n` in the statement's text. */
  readonly params: readonly number[];
  /** The values compiled as sentinels and written into index-key slots at each run (index-key-slots.ts), slot 0 first. */
  readonly slotValues: readonly string[];
}

/** What a database learnt for a statement shape: which values go live, and which are index-key slots. */
export interface LiveShape {
  readonly live: ReadonlySet<number>;
  readonly slots: ReadonlySet<number>;
}

const COMPARISONS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);

/** The column a live candidate is written to or compared with, and its table: whose type its literal takes. */
export interface LiveColumn {
  readonly table: string;
  readonly column: string;
}

/** A candidate's `n`, and its column where the tree names one. */
type Place = readonly [number, LiveColumn | undefined];

/**
 * The `n` of every `$n` in a position where it may go live (see the header), in the order of their
 * places, each with its column (undefined: an INSERT without a column list).
 */
export function liveCandidates(ast: Statement): ReadonlyMap<number, LiveColumn | undefined> {
  const places: Place[] = [];
  if (ast.type === 'insert' && ast.insert.type === 'values' && ast.insert.values.length === 1) {
    const table = ast.into.name;
    (ast.insert.values[0] ?? []).forEach((item, index) => {
      const column = ast.columns?.[index]?.name;
      if (item.type === 'parameter')
        places.push([paramNumber(item.name), column === undefined ? undefined : { table, column }]);
    });
  }
  if (ast.type === 'update' && !ast.from) {
    const table = ast.table.name;
    for (const set of ast.sets)
      if (set.value.type === 'parameter')
        places.push([paramNumber(set.value.name), { table, column: set.column.name }]);
  }
  const table = whereTable(ast);
  if (table !== undefined) comparedToColumns((ast as { where?: Expr | null }).where, table, places);
  const counts = new Map<number, number>();
  countParams(ast, counts);
  return new Map(places.filter(([n]) => counts.get(n) === 1));
}

/** A table as a WHERE names it: its name, and its alias if it has one. */
interface NamedTable {
  readonly name: string;
  readonly alias?: string | undefined;
}

/** The one table whose WHERE may hold live comparisons: of an UPDATE without FROM, a DELETE, a one-table SELECT. */
function whereTable(ast: Statement): NamedTable | undefined {
  if (ast.type === 'update') return ast.from ? undefined : ast.table;
  if (ast.type === 'delete') return ast.from;
  if (!isOneTableSelect(ast)) return undefined;
  const [from] = (ast as { from: Array<{ name: NamedTable }> }).from;
  return from?.name;
}

/**
 * The column a reference in `table`'s WHERE names, if of that table: a reference qualified with
 * another name (an outer table, from a subquery) names none the model looks up.
 */
function columnOf(ref: ExprRef, table: NamedTable): LiveColumn | undefined {
  const qualifier = ref.table?.name;
  if (qualifier !== undefined && qualifier !== (table.alias ?? table.name)) return undefined;
  return { table: table.name, column: ref.name };
}

/** A live binding's trees and key, the same for every binding whose `keyed` (see `bindLive`) is the same. */
export interface LiveTrees {
  readonly ast: Statement;
  readonly probe: Statement;
  readonly key: string;
}

/**
 * The trees and keys made for each `keyed` of one statement text, so that a binding whose values
 * all go live or into slots (every binding of it, then) is made once, not copied again for every
 * run; and its key is one string, whose hash the maps it is looked up in keep. Kept per text
 * (statement-cache.ts), at most `LIVE_TREES_MAX` (then forgotten and made again: only speed). By
 * `keyed` as JSON text, or, when no value in it is a literal, by `keyed` as a number (see
 * `patternOf`): no number is a string, so the two never meet.
 */
export type LiveTreeCache = Map<string | number, LiveTrees>;

const LIVE_TREES_MAX = 256;

/**
 * The binding that leaves the values of `live` to pg-mem and compiles those of `slots` as
 * sentinels (nulls stay literals), or null if none is left. `substitute` copies the statement with
 * each `$n` replaced by the n-th replacement; the copy is kept in `cache`, by what decides it.
 */
export function bindLive(
  sql: string,
  ast: Statement,
  live: ReadonlySet<number>,
  literals: readonly Expr[],
  substitute: (ast: Statement, replacements: readonly Expr[]) => Statement,
  slots: ReadonlySet<number> = NONE,
  cache: LiveTreeCache = new Map(),
): LiveBinding | null {
  const values: string[] = [];
  const params: number[] = [];
  const slotValues: string[] = [];
  // A live value is 0 in the key and a slot 1: literal values are strings or null, so none can meet.
  const keyed: Array<string | number | null> = [];
  for (let n = 1; n <= literals.length; n++) {
    const literal = literals[n - 1] as Expr;
    if (literal.type !== 'string') keyed.push(null);
    else if (live.has(n)) {
      values.push(literal.value);
      params.push(n);
      keyed.push(0);
    } else if (slots.has(n)) {
      slotValues.push(literal.value);
      keyed.push(1);
    } else keyed.push(literal.value);
  }
  if (values.length === 0 && slotValues.length === 0) return null;
  // The tree is decided by `keyed`: which values are live, slots or null, and the others' text.
  const pattern = patternOf(keyed);
  let trees = pattern === undefined ? undefined : cache.get(pattern);
  if (trees === undefined) {
    const keyedText = JSON.stringify(keyed);
    trees = cache.get(keyedText);
    if (trees === undefined) {
      const bound = substitute(ast, replacements(literals, keyed));
      const probe = withoutConflictClause(bound);
      trees = { ast: bound, probe, key: `${sql}\u0000${keyedText}` };
      if (cache.size >= LIVE_TREES_MAX) cache.clear();
      cache.set(keyedText, trees);
    }
    if (pattern !== undefined) cache.set(pattern, trees);
  }
  return { ast: trees.ast, probe: trees.probe, key: trees.key, values, params, slotValues };
}

/**
 * `keyed` as one number when it holds no literal text (each value live, a slot or null: most runs),
 * so that finding its trees needs no JSON text of it (that was about 1 % of a recovery-point hunt):
 * a base-4 digit per value, 1 to 3, so that no two such `keyed`, whatever their lengths, make the
 * same number while it is exact (up to 26 values); undefined otherwise.
 */
function patternOf(keyed: ReadonlyArray<string | number | null>): number | undefined {
  if (keyed.length > 26) return undefined;
  let pattern = 0;
  for (const as of keyed) {
    if (typeof as === 'string') return undefined;
    pattern = pattern * 4 + (as === null ? 1 : as + 2);
  }
  return pattern;
}

/** What each `$n` becomes: the k-th live value `$k`, the k-th slot its sentinel, any other its literal. */
function replacements(literals: readonly Expr[], keyed: ReadonlyArray<string | number | null>): Expr[] {
  let liveCount = 0;
  let slotCount = 0;
  return literals.map((literal, index): Expr => {
    const as = keyed[index];
    if (as === 0) return { type: 'parameter', name: `$${++liveCount}` };
    if (as === 1) return { type: 'string', value: slotSentinel(slotCount++) };
    return literal;
  });
}

const NONE: ReadonlySet<number> = new Set();

function isOneTableSelect(ast: Statement): boolean {
  if (ast.type !== 'select' || ast.from?.length !== 1) return false;
  const [from] = ast.from;
  return from?.type === 'table' && !from.join && !ast.groupBy && !ast.having;
}

/** Collects each `$n` compared with a column of `table`, in a tree of AND and OR. */
function comparedToColumns(expr: Expr | null | undefined, table: NamedTable, places: Place[]): void {
  if (expr?.type !== 'binary') return;
  if (expr.op === 'AND' || expr.op === 'OR') {
    comparedToColumns(expr.left, table, places);
    comparedToColumns(expr.right, table, places);
    return;
  }
  const { left, right } = expr;
  // `col IN (SELECT ... FROM one table WHERE ...)`: the subquery's WHERE holds the same positions
  // (a poll that clears what a time-bound subquery names, new time each poll).
  const inner =
    expr.op === 'IN' && left.type === 'ref' && isOneTableSelect(right as Statement)
      ? whereTable(right as Statement)
      : undefined;
  if (inner !== undefined) comparedToColumns((right as { where?: Expr | null }).where, inner, places);
  if (!COMPARISONS.has(expr.op)) return;
  if (left.type === 'parameter' && right.type === 'ref')
    places.push([paramNumber(left.name), columnOf(right, table)]);
  if (right.type === 'parameter' && left.type === 'ref')
    places.push([paramNumber(right.name), columnOf(left, table)]);
}

function paramNumber(name: string): number {
  return Number(name.slice(1));
}

function countParams(node: unknown, counts: Map<number, number>): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record['type'] === 'parameter' && typeof record['name'] === 'string') {
    const n = paramNumber(record['name']);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  for (const child of Object.values(record)) countParams(child, counts);
}
