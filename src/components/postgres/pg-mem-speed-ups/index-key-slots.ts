/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * Index keys written into compiled code at each run ("slots"), so that `... WHERE key = $1` is
 * compiled once per statement shape instead of once per key: the key-row statements of every
 * strategy carry a new key each time, so without slots nearly every one of them was compiled
 * afresh (about 0.4 ms, against 0.05 ms to run it).
 *
 * pg-mem (3.0.14) plans `column = <constant>` on an indexed column as an `EqFilter` that holds the
 * constant, cast to the column's type, in two fields (`equalsCst` and `opDef.key[0]`) and reads
 * them only when it runs (to rank filters, look the key up, and re-check rows). pg-mem evaluates
 * such a value while planning, so it cannot be one of pg-mem's parameters (live-values.ts). Instead
 * the statement is compiled once with a sentinel text in its place; the filters holding the
 * sentinel are found in the compiled code, and each run first writes its value there. That is the
 * plan the literal statement gets, with its value in place, when three things hold, and the slot
 * is refused (the value stays a literal) otherwise:
 * - the `$n` is one side of `column = $n` in a WHERE of ANDs only (`keyCandidates`): an OR with a
 *   side no index serves is planned as a scan of the whole WHERE, with the constant inside it;
 * - the column is `text` (no length, no other type): the cast of a text literal to it is the text
 *   itself and never fails, so no value can plan or fail otherwise than the sentinel did;
 * - nothing else of the compiled statement holds the sentinel (`findSlots` walks its objects down
 *   to pg-mem's schema and database objects; the statement's own tree may hold it, as pg-mem only
 *   prints that tree in error diagnostics, whose quoted statement ../pg-mem-errors.ts ignores).
 * What the walk cannot see is a closure's scope; pg-mem's filters keep their constants in fields.
 */
import type { Expr, Statement } from 'pgsql-ast-parser';

/** The sentinel text compiled in place of slot `index`'s value: no value sent to PostgreSQL contains NUL. */
export function slotSentinel(index: number): string {
  return `\u0000idemsim index key ${index}\u0000`;
}

/** pg-mem's EqFilter, as far as slots use it. */
interface EqFilterShape {
  equalsCst: unknown;
  op: unknown;
  opDef: { key: unknown[] };
  onValue: { type: { name?: unknown } };
}

/** The filters of one compiled statement that hold slot `i`'s value, for each i. */
export type IndexKeySlots = ReadonlyArray<readonly EqFilterShape[]>;

/** Objects where the walk stops: pg-mem's shared state, which compiling a statement does not change. */
const SHARED = new Set(['MemoryDb', 'DbSchema', 'Transaction']);

/** A bound on the walk: a compiled key-row statement has about 150 objects below it. */
const WALK_MAX = 20_000;

/** The `n` of each `$n` that is one side of `column = $n` in a WHERE made of ANDs only. */
export function keyCandidates(ast: Statement): ReadonlySet<number> {
  const where = (ast as { where?: Expr | null }).where;
  const found = new Set<number>();
  const visit = (expr: Expr | null | undefined): void => {
    if (expr?.type !== 'binary') return;
    if (expr.op === 'AND') {
      visit(expr.left);
      visit(expr.right);
      return;
    }
    if (expr.op !== '=') return;
    const { left, right } = expr;
    if (left.type === 'parameter' && right.type === 'ref') found.add(Number(left.name.slice(1)));
    if (right.type === 'parameter' && left.type === 'ref') found.add(Number(right.name.slice(1)));
  };
  if (ast.type === 'update' || ast.type === 'delete' || ast.type === 'select') visit(where);
  return found;
}

/**
 * Where each of `count` sentinels sits in the compiled statement: only in text EqFilters (at least
 * one each) and in the statement's own tree `ast`; null if anywhere else, or if the walk is too long.
 */
export function findSlots(compiled: object, ast: Statement, count: number): IndexKeySlots | null {
  const sentinels = new Map(Array.from({ length: count }, (_, index) => [slotSentinel(index), index]));
  // The tree is not walked: it holds the sentinels, and pg-mem only prints it.
  const seen = new Set<object>();
  collectObjects(ast, seen);
  const filters: EqFilterShape[][] = Array.from({ length: count }, () => []);
  const holders: Array<readonly [object, PropertyKey]> = [];
  const stack: object[] = [compiled];
  seen.add(compiled);
  while (stack.length > 0) {
    const node = stack.pop() as object;
    if (seen.size > WALK_MAX) return null;
    if (SHARED.has(node.constructor?.name ?? '')) continue;
    const visit = (value: unknown, key: PropertyKey): void => {
      if (typeof value === 'string' && sentinels.has(value)) holders.push([node, key]);
      if ((typeof value === 'object' || typeof value === 'function') && value !== null && !seen.has(value)) {
        seen.add(value);
        stack.push(value);
      }
    };
    for (const key of Reflect.ownKeys(node)) visit(ownValue(node, key), key);
    if (node instanceof Map) {
      for (const [key, value] of node) {
        visit(key, 'a map key');
        visit(value, 'a map value');
      }
    }
    if (node instanceof Set) for (const value of node) visit(value, 'a set member');
    const index = eqFilterSlot(node, sentinels);
    if (index !== undefined) filters[index]?.push(node as EqFilterShape);
  }
  const allowed = (holder: object, key: PropertyKey): boolean =>
    filters.some((list) =>
      list.some((filter) => (holder === filter && key === 'equalsCst') || holder === filter.opDef.key),
    );
  if (!holders.every(([holder, key]) => allowed(holder, key))) return null;
  return filters.every((list) => list.length > 0) ? filters : null;
}

/** Writes slot i's value into its filters, for each i. */
export function fillSlots(slots: IndexKeySlots, values: readonly string[]): void {
  slots.forEach((filters, index) => {
    const value = values[index];
    for (const filter of filters) {
      filter.equalsCst = value;
      filter.opDef.key[0] = value;
    }
  });
}

/** The slot an object holds, if it is a text equality filter on a sentinel. */
function eqFilterSlot(node: object, sentinels: ReadonlyMap<string, number>): number | undefined {
  if (node.constructor?.name !== 'EqFilter') return undefined;
  const filter = node as Partial<EqFilterShape>;
  const { equalsCst, opDef, onValue } = filter;
  if (typeof equalsCst !== 'string' || !sentinels.has(equalsCst)) return undefined;
  // Plain text: not varchar(n), whose cast may refuse a value, nor citext.
  const isText = onValue?.type.name === 'text';
  const keyed = Array.isArray(opDef?.key) && opDef.key.length === 1 && opDef.key[0] === equalsCst;
  return filter.op === 'eq' && isText && keyed ? sentinels.get(equalsCst) : undefined;
}

function ownValue(node: object, key: PropertyKey): unknown {
  const descriptor = Reflect.getOwnPropertyDescriptor(node, key);
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

function collectObjects(node: unknown, into: Set<object>): void {
  if (typeof node !== 'object' || node === null || into.has(node)) return;
  into.add(node);
  for (const child of Object.values(node)) collectObjects(child, into);
}
