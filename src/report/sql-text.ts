/**
 * SQL as a person reads it in a story: one line, each `$n` replaced by its value, lists of more
 * than three items and long values cut. For telling only: the trace keeps the statement and its
 * parameters as they were sent.
 */

/** Items kept of a parenthesised list (columns, VALUES) before "…". */
const LIST_ITEMS_MAX = 3;
/** Characters kept of a string value, quotes aside. */
const VALUE_CHARS_MAX = 20;
/** Characters kept of the whole statement. */
const SQL_CHARS_MAX = 200;
/** Columns shown of a returned row. */
const ROW_COLUMNS_MAX = 4;

/** "INSERT INTO t (a, b, c, …) VALUES ('k1', 5, 'x', …) ON CONFLICT (a) DO NOTHING". */
export function readableSql(sql: string, paramsJson: string | null): string {
  const params = parseJson(paramsJson);
  const values = Array.isArray(params) ? params : [];
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  const shortLists = oneLine.replace(/\(([^()]*)\)/g, (_whole, inner: string) => `(${shortList(inner)})`);
  const inlined = shortLists.replace(/\$(\d+)/g, (token, index: string) => {
    const position = Number(index) - 1;
    return position < values.length ? literal(values[position]) : token;
  });
  return clip(inlined, SQL_CHARS_MAX);
}

/** A returned row as "state='done', status_code=201, …". */
export function readableRow(rowJson: string | null): string | undefined {
  const row = parseJson(rowJson);
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
  const columns = Object.entries(row as Record<string, unknown>).map(
    ([name, value]) => `${name}=${literal(value)}`,
  );
  const kept = columns.slice(0, ROW_COLUMNS_MAX);
  return columns.length > kept.length ? `${kept.join(', ')}, …` : kept.join(', ');
}

/** A value as an SQL literal, long strings cut: 'idem-pay-03', 1000, NULL, TRUE. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${clip(text, VALUE_CHARS_MAX).replace(/'/g, "''")}'`;
}

/** The items of a list, cut after a few; commas inside quotes do not split. */
function shortList(inner: string): string {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of inner) {
    if (char === "'") quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += char;
  }
  items.push(current.trim());
  return items.length > LIST_ITEMS_MAX + 1 ? [...items.slice(0, LIST_ITEMS_MAX), '…'].join(', ') : inner;
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
