/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * Which SQL makes pg-mem read the clock at the time it compiles or sets up, rather than each
 * time it runs: the answer decides whether compiled code and set-up databases may be reused at
 * another virtual time.
 *
 * pg-mem (3.0.14) has two sources of time. `now()` is impure: it reads `Date` each time a row is
 * evaluated, so compiled code that calls it is reusable. CURRENT_TIMESTAMP, LOCALTIMESTAMP and
 * CURRENT_DATE are folded into constants when the statement is compiled (and a column DEFAULT
 * CURRENT_TIMESTAMP when its table is created), so code compiled at one virtual time answers that
 * time forever. No other pg-mem function reads the clock, and its text-to-timestamp parsing
 * fills no missing field from today's date ('now' and '10:00' are refused, 'Jan 5' is 2001-01-05;
 * test/components/postgres/pg-mem-speed-ups/compiled-reuse.test.ts). Not handled: a function a
 * user registers on pg-mem that reads `Date` (idemsim registers none).
 */
import { parse } from 'pgsql-ast-parser';

/** Keywords pg-mem turns into constants at compile time (CURRENT_TIME and LOCALTIME it refuses). */
const FOLDED_CLOCK_KEYWORDS = new Set([
  'current_date',
  'current_timestamp',
  'localtimestamp',
  'current_time',
  'localtime',
]);

/** Whether compiling this statement reads the clock, so that the compiled code is tied to that time. */
export function readsClockWhenCompiled(ast: unknown): boolean {
  return some(
    ast,
    (node) => node['type'] === 'keyword' && FOLDED_CLOCK_KEYWORDS.has(String(node['keyword'])),
  );
}

/**
 * Whether running this setup SQL (schema, seed rows) at another virtual time could leave another
 * database. A `now()` that is a column DEFAULT of CREATE TABLE is evaluated at each insert, not
 * at creation, so it does not count; every other `now()` (in a seed INSERT, in ALTER TABLE ...
 * ADD COLUMN ... DEFAULT now(), which fills existing rows) does. SQL that does not parse counts.
 */
export function setupReadsClock(sql: string): boolean {
  let answer = setupAnswers.get(sql);
  if (answer === undefined) {
    answer = parsedSetupReadsClock(sql);
    if (setupAnswers.size >= SETUP_ANSWERS_MAX) setupAnswers.clear();
    setupAnswers.set(sql, answer);
  }
  return answer;
}

/** By setup text: parsing it costs about 1 ms, and every run of a comparison sends the same schema. */
const setupAnswers = new Map<string, boolean>();
const SETUP_ANSWERS_MAX = 1000;

function parsedSetupReadsClock(sql: string): boolean {
  let statements: unknown[];
  try {
    statements = parse(sql);
  } catch {
    return true;
  }
  return statements.some(
    (statement) => readsClockWhenCompiled(statement) || callsNowOutsideCreateTableDefault(statement),
  );
}

function callsNowOutsideCreateTableDefault(statement: unknown): boolean {
  const record = statement as Record<string, unknown>;
  const columns = record['type'] === 'create table' ? record['columns'] : undefined;
  const defaults = new Set<unknown>();
  for (const column of Array.isArray(columns) ? (columns as Array<Record<string, unknown>>) : []) {
    for (const constraint of Array.isArray(column['constraints'])
      ? (column['constraints'] as Array<Record<string, unknown>>)
      : []) {
      if (constraint['type'] === 'default') defaults.add(constraint['default']);
    }
  }
  return some(statement, (node) => isNowCall(node) && !defaults.has(node));
}

function isNowCall(node: Record<string, unknown>): boolean {
  const fn = node['function'] as Record<string, unknown> | undefined;
  return node['type'] === 'call' && typeof fn?.['name'] === 'string' && fn['name'].toLowerCase() === 'now';
}

/** Whether any object in the tree (the root included) satisfies `test`. */
function some(node: unknown, test: (node: Record<string, unknown>) => boolean): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some((item) => some(item, test));
  const record = node as Record<string, unknown>;
  return test(record) || Object.values(record).some((child) => some(child, test));
}
