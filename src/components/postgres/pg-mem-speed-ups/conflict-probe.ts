/**
 * An INSERT ... ON CONFLICT without its ON CONFLICT clause: run to find the conflicts the clause
 * would have absorbed (read-committed.ts's unique-key wait, mem-database.ts's DO NOTHING answer).
 * One place for the copy that the bound statement, its live binding and a runnable each make.
 */
import type { Statement } from 'pgsql-ast-parser';

/** The tree without ON CONFLICT, a shallow copy; any other statement as it is. */
export function withoutConflictClause(tree: Statement): Statement {
  return tree.type === 'insert' && tree.onConflict ? { ...tree, onConflict: null } : tree;
}
