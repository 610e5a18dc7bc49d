/**
 * What a store ran for a call, in words: a Redis command and its reply, a SQL statement with its
 * values and its result, a Kafka produce and where the record landed.
 */
import { SQLSTATE } from '../components/port/database-port.js';
import type { TraceEventOf } from '../engine/trace.js';
import type { ExecEvent } from './story-events.js';
import { readableRow, readableSql } from './sql-text.js';

export interface ExecWords {
  /** What ran, for a sentence and a diagram arrow: "SET idem:k in-progress PX 1000 NX". */
  readonly what: string;
  /** A short name for it, for a sentence about its answer: "SET idem:k". */
  readonly brief: string;
  /** What came of it: "OK", "1 row inserted", "ERROR 23505 (unique violation)". */
  readonly result: string;
  /** The sentence, with the caller: "redis runs service-1's SET ... -> OK". */
  readonly text: string;
}

/** Characters kept of one word of a Redis command or reply. */
const REDIS_VALUE_CHARS_MAX = 44;

/** SQLSTATE -> words, from the names the simulated server uses ("23505" -> "unique violation"). */
const SQLSTATE_WORDS = new Map<string, string>(
  Object.entries(SQLSTATE).map(([name, code]) => [
    code,
    name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`),
  ]),
);

/** `store` is the node that ran it (Kafka's entries do not name their broker). */
export function execWords(entry: ExecEvent, caller: string, store: string): ExecWords {
  switch (entry.type) {
    case 'redis.exec': {
      const [what, result] = [shortWords(entry.command), shortWords(entry.reply)];
      return {
        what,
        brief: what.split(' ').slice(0, 2).join(' '),
        result,
        text: `${store} runs ${caller}'s ${what} -> ${result}`,
      };
    }
    case 'pg.exec': {
      const what = readableSql(entry.sql, entry.params);
      const result = sqlResult(entry);
      const answer = result === what ? '' : ` -> ${result}`; // BEGIN, COMMIT: the tag says nothing more
      return { what, brief: briefSql(what), result, text: `${store} runs ${caller}'s ${what}${answer}` };
    }
    case 'kafka.append': {
      const { topic, partition, offset } = entry;
      const where = `${topic} partition ${partition}, offset ${offset}`;
      const key = entry.key === null ? '' : ` (key ${entry.key})`;
      return {
        what: `produce to ${topic}${key}`,
        brief: 'produce request',
        result: `partition ${partition}, offset ${offset}`,
        text: `${store} appends ${caller}'s record${key} to ${where}`,
      };
    }
    case 'kafka.dedup': {
      const { topic, partition, offset } = entry;
      const where = `${topic} partition ${partition}, offset ${offset}`;
      return {
        what: `produce to ${topic} (resend)`,
        brief: 'produce request',
        result: `duplicate of offset ${offset}`,
        text: `${store} already has ${caller}'s record at ${where}: the resend is dropped (idempotent producer)`,
      };
    }
  }
}

/**
 * What a lost request carried (its msg.drop names its SQL or Redis command), in the words a store
 * line would have used had it run.
 */
export function requestWords(entry: TraceEventOf<'msg.drop'>): Pick<ExecWords, 'what' | 'brief'> | undefined {
  if (typeof entry.sql === 'string') {
    const what = readableSql(entry.sql, typeof entry.params === 'string' ? entry.params : null);
    return { what, brief: briefSql(what) };
  }
  if (typeof entry.command === 'string') {
    const what = shortWords(entry.command);
    return { what, brief: what.split(' ').slice(0, 2).join(' ') };
  }
  return undefined;
}

/** "1 row inserted", "no rows", "1 row: state='done', …", "COMMIT", "ERROR 23505 (unique violation)". */
function sqlResult(entry: TraceEventOf<'pg.exec'>): string {
  if (entry.code !== null) {
    const words = SQLSTATE_WORDS.get(entry.code);
    const aborted = entry.session === null ? '' : ': the transaction is aborted';
    return `ERROR ${entry.code}${words === undefined ? '' : ` (${words.trim()})`}${aborted}`;
  }
  const command = String(entry.command);
  const rows = Number(entry.rows);
  const count = rows === 0 ? 'no row' : rows === 1 ? '1 row' : `${rows} rows`;
  switch (command) {
    case 'SELECT': {
      const row = readableRow(entry.row);
      return rows === 0 ? 'no rows' : `${count}${row === undefined ? '' : `: ${row}`}`;
    }
    case 'INSERT':
      return `${count} inserted`;
    case 'UPDATE':
      return `${count} updated`;
    case 'DELETE':
      return `${count} deleted`;
    case 'ROLLBACK':
      return /^COMMIT/i.test(entry.sql.trim())
        ? 'ROLLBACK (the transaction had failed: nothing is committed)'
        : command;
    default:
      return command;
  }
}

/** Redis text with long values cut (a cached JSON response): enough to see the charge id. */
function shortWords(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      word.length <= REDIS_VALUE_CHARS_MAX
        ? word
        : `${word.slice(0, REDIS_VALUE_CHARS_MAX - 1).replace(/\.+$/, '')}…`,
    )
    .join(' ');
}

/** "INSERT INTO idempotency_keys", "SELECT … FROM idempotency_keys", "COMMIT". */
function briefSql(sql: string): string {
  const verb = sql.split(' ')[0] ?? sql;
  const table = /\b(?:FROM|INTO|UPDATE)\s+(\w+)/i.exec(sql)?.[1];
  if (table === undefined) return verb;
  if (/^INSERT$/i.test(verb)) return `${verb} INTO ${table}`;
  if (/^UPDATE$/i.test(verb)) return `${verb} ${table}`;
  return /^SELECT$/i.test(verb) ? `${verb} … FROM ${table}` : `${verb} FROM ${table}`;
}
