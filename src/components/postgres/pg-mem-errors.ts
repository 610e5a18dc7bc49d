/**
 * Maps what pg-mem throws to the SQLSTATE a real PostgreSQL would report.
 *
 * pg-mem sets `code` on unique violations (23505) and a few others, but not on NOT NULL or CHECK
 * violations, a missing table or a syntax error; those are recognised by their message. Anything
 * unrecognised is XX000 (internal error), with pg-mem's first line as the message.
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import { withoutStacks } from './pg-mem-speed-ups/without-stacks.js';

const BY_MESSAGE: ReadonlyArray<{ readonly pattern: RegExp; readonly code: string }> = [
  { pattern: /duplicate key value violates unique constraint/, code: SQLSTATE.uniqueViolation },
  { pattern: /violates not-null constraint/, code: SQLSTATE.notNullViolation },
  { pattern: /check constraint .* is violated/, code: SQLSTATE.checkViolation },
  { pattern: /violates foreign key constraint/, code: SQLSTATE.foreignKeyViolation },
  { pattern: /relation .* does not exist/, code: SQLSTATE.undefinedTable },
  { pattern: /column .* does not exist/, code: SQLSTATE.undefinedColumn },
  { pattern: /failed to parse|Syntax error/, code: SQLSTATE.syntaxError },
  { pattern: /pg-mem is work-in-progress|not supported/i, code: SQLSTATE.featureNotSupported },
];

export function toDatabaseError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = (message.split('\n')[0] ?? '').replace(/^ERROR: /, '');
  const code = sqlstateOf(error);
  // Stackless: an answer to a statement, read only for its code and message (without-stacks.ts).
  return withoutStacks(() => new DatabaseError(code, cleanMessage(code, firstLine)));
}

/**
 * The SQLSTATE `toDatabaseError` gives what was thrown, without making the error: a caller that
 * only asks which error it was (a unique violation to retry) need not pay for a stack trace.
 */
export function sqlstateOf(error: unknown): string {
  if (error instanceof DatabaseError) return error.code;
  const ownCode = (error as { code?: unknown } | null)?.code;
  if (typeof ownCode === 'string' && /^[0-9A-Z]{5}$/.test(ownCode)) return ownCode;
  const message = error instanceof Error ? error.message : String(error);
  const diagnosis = withoutQuotedStatement(message);
  const known = BY_MESSAGE.find(({ pattern }) => pattern.test(diagnosis));
  return known?.code ?? SQLSTATE.internalError;
}

/**
 * pg-mem's diagnostic without the paragraph quoting the failed statement: the statement's values
 * (or, for an insert given live values, its `$n`: pg-mem-speed-ups/live-values.ts) must not
 * decide the SQLSTATE.
 */
function withoutQuotedStatement(message: string): string {
  const quoted = message.indexOf(QUOTE_START);
  if (quoted < 0) return message;
  const next = message.indexOf(QUOTE_END, quoted);
  return message.slice(0, quoted) + (next < 0 ? '' : message.slice(next));
}

/** pg-mem's paragraph "*️⃣ (Reconsituted) failed SQL statement: ..." and the one after it. */
const QUOTE_START = '\n\n*️⃣ ';
const QUOTE_END = '\n\n👉 You can file an issue';

/** pg-mem prefixes a unique violation with its rewritten INSERT; PostgreSQL says only this. */
function cleanMessage(code: string, firstLine: string): string {
  if (code !== SQLSTATE.uniqueViolation) return firstLine;
  const match = /duplicate key value violates unique constraint "[^"]*"/.exec(firstLine);
  return match === null ? firstLine : match[0];
}
