/**
 * Compares the model's answer to a statement with a real PostgreSQL's, as node-postgres reports
 * both: rows, rowCount, the command tag's verb, or the SQLSTATE of an error (messages differ in
 * wording and are not compared).
 *
 * Named normalisation rules, each counted in the replay's `excluded` whenever it changed what was
 * compared (the reasons are in postgres-replay.ts's header):
 * - `clock-values`: timestamps (Date values) are not compared.
 * - `untagged-row-count`: a command whose tag carries no count (BEGIN, COMMIT, ROLLBACK, CREATE)
 *   has rowCount null on the wire; the model says 0.
 * - `unordered-rows`: rows of a SELECT without ORDER BY are compared as a multiset.
 */
import type { PgAnswer } from '../components/postgres/schedule-format.js';

/** What the real server answered; rowCount null where the command tag carries no count. */
export type RealPgAnswer =
  | {
      readonly ok: true;
      readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
      readonly rowCount: number | null;
      readonly command: string;
    }
  | { readonly ok: false; readonly code: string };

export type ExclusionCounts = Record<string, number>;

export function exclude(counts: ExclusionCounts, rule: string, times = 1): void {
  if (times > 0) counts[rule] = (counts[rule] ?? 0) + times;
}

export interface AnswerComparison {
  readonly agree: boolean;
  /** Each answer as one line, after normalisation. */
  readonly model: string;
  readonly real: string;
}

/** Compares two answers to `sql`; counts the rules it applied in `excluded`. */
export function compareAnswers(
  sql: string,
  model: PgAnswer,
  real: RealPgAnswer,
  excluded: ExclusionCounts,
): AnswerComparison {
  const ordered = /\border\s+by\b/i.test(sql) || !/^\s*(select|with)\b/i.test(sql);
  const clock = { count: 0 };
  let rowCount: number | null = model.ok ? model.rowCount : null;
  if (model.ok && real.ok && real.rowCount === null) {
    exclude(excluded, 'untagged-row-count');
    rowCount = null;
  }
  const modelLine = answerLine(model, rowCount, ordered, clock);
  const realLine = answerLine(real, real.ok ? real.rowCount : null, ordered, { count: 0 });
  if (!ordered && model.ok && model.rows.length > 1) exclude(excluded, 'unordered-rows');
  exclude(excluded, 'clock-values', clock.count);
  return { agree: modelLine === realLine, model: modelLine, real: realLine };
}

/**
 * Compares a table's final rows as a multiset; counts the rules it applied in `excluded`. When
 * they differ, each side's line lists only the rows the other lacks.
 */
export function compareRows(
  model: ReadonlyArray<Readonly<Record<string, unknown>>>,
  real: ReadonlyArray<Readonly<Record<string, unknown>>>,
  excluded: ExclusionCounts,
): AnswerComparison {
  const clock = { count: 0 };
  const modelRows = model.map((row) => rowLine(row, clock));
  const realRows = real.map((row) => rowLine(row, { count: 0 }));
  exclude(excluded, 'clock-values', clock.count);
  const onlyModel = without(modelRows, realRows);
  const onlyReal = without(realRows, modelRows);
  const agree = onlyModel.length === 0 && onlyReal.length === 0;
  const line = (rows: string[], total: number) =>
    `${total} rows; ${rows.length} not in the other: [${rows.join(',')}]`;
  return { agree, model: line(onlyModel, model.length), real: line(onlyReal, real.length) };
}

/** `rows` minus `other`, as multisets, in order. */
function without(rows: readonly string[], other: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const row of other) left.set(row, (left.get(row) ?? 0) + 1);
  return rows.filter((row) => {
    const count = left.get(row) ?? 0;
    if (count === 0) return true;
    left.set(row, count - 1);
    return false;
  });
}

/** One line: `INSERT 1 []`, `SELECT 2 [{"a":1},{"a":2}]`, `ERROR 23505`. */
export function answerLine(
  answer: PgAnswer | RealPgAnswer,
  rowCount: number | null,
  ordered: boolean,
  clock: { count: number },
): string {
  if (!answer.ok) return `ERROR ${answer.code}`;
  const count = rowCount === null ? '' : ` ${rowCount}`;
  return `${answer.command}${count} ${rowsLine(answer.rows, ordered, clock)}`;
}

function rowsLine(
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  ordered: boolean,
  clock: { count: number },
): string {
  const lines = rows.map((row) => rowLine(row, clock));
  if (!ordered) lines.sort();
  return `[${lines.join(',')}]`;
}

/** A row as JSON with its columns in name order; a timestamp as "<time>". */
function rowLine(row: Readonly<Record<string, unknown>>, clock: { count: number }): string {
  const columns = Object.keys(row).sort();
  const values = columns.map((column) => {
    const value = row[column];
    if (value instanceof Date) {
      clock.count++;
      return `${JSON.stringify(column)}:"<time>"`;
    }
    return `${JSON.stringify(column)}:${JSON.stringify(value === undefined ? null : value)}`;
  });
  return `{${values.join(',')}}`;
}
