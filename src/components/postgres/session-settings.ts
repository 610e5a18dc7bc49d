/**
 * The statements the model answers itself, without pg-mem: SET / SET LOCAL / RESET of
 * lock_timeout and statement_timeout, and SET TRANSACTION ISOLATION LEVEL.
 *
 * A session here is one transaction (a pooled connection checked out for it), so a plain SET and
 * SET LOCAL both last until the transaction ends, which is also when the connection goes back to
 * the pool. On a pooled autocommit query a SET would stick to whichever connection ran it, so it is
 * refused; the server's options give the defaults instead. Any other SET is refused (0A000): pg-mem
 * would accept and ignore it.
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { IsolationLevel } from './pg-mem-speed-ups/statement-cache.js';

/** A session's own timeouts, ms; undefined: the server's default; 0: off. */
export interface SessionSettings {
  lockTimeoutMs?: number | undefined;
  statementTimeoutMs?: number | undefined;
}

export type SettingName = keyof SessionSettings;

export type SessionCommand =
  | { readonly kind: 'set'; readonly setting: SettingName; readonly valueMs: number | undefined }
  | { readonly kind: 'set-isolation'; readonly level: IsolationLevel }
  | { readonly kind: 'refused'; readonly error: DatabaseError };

const SETTINGS: Readonly<Record<string, SettingName>> = {
  lock_timeout: 'lockTimeoutMs',
  statement_timeout: 'statementTimeoutMs',
};

const SET = /^\s*set\s+(?:(session|local)\s+)?([a-z_.]+)\s*(?:=|\s+to\s+|\s+)\s*(.*?)\s*;?\s*$/i;
const RESET = /^\s*reset\s+([a-z_.]+)\s*;?\s*$/i;
const SET_TRANSACTION =
  /^\s*set\s+(?:local\s+)?transaction\s+isolation\s+level\s+(read\s+committed|read\s+uncommitted|repeatable\s+read|serializable)\s*;?\s*$/i;

/** The command, if `sql` is a SET or RESET; undefined for anything else. */
export function sessionCommand(sql: string): SessionCommand | undefined {
  const isolation = SET_TRANSACTION.exec(sql);
  if (isolation !== null) {
    const named = (isolation[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
    return {
      kind: 'set-isolation',
      level: named === 'read uncommitted' ? 'read committed' : (named as IsolationLevel),
    };
  }
  const reset = RESET.exec(sql);
  if (reset !== null) return setting(reset[1] ?? '', 'default');
  const set = SET.exec(sql);
  if (set === null) return /^\s*(set|reset)\b/i.test(sql) ? refused(`"${sql.trim()}"`) : undefined;
  return setting(set[2] ?? '', set[3] ?? '');
}

function setting(name: string, value: string): SessionCommand {
  const key = SETTINGS[name.toLowerCase()];
  if (key === undefined) return refused(`SET ${name}`);
  if (/^default$/i.test(value)) return { kind: 'set', setting: key, valueMs: undefined };
  const valueMs = durationMs(value.replace(/^'(.*)'$/, '$1'));
  if (valueMs === undefined) {
    return {
      kind: 'refused',
      error: new DatabaseError(
        SQLSTATE.invalidParameterValue,
        `invalid value for parameter "${name}": "${value}"`,
      ),
    };
  }
  return { kind: 'set', setting: key, valueMs };
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** PostgreSQL's duration syntax for these settings: a number of ms, or a number and a unit. */
function durationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*$/.exec(text);
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
}

function refused(what: string): SessionCommand {
  const message = `${what} is not modelled: only lock_timeout, statement_timeout and SET TRANSACTION ISOLATION LEVEL are`;
  return { kind: 'refused', error: new DatabaseError(SQLSTATE.featureNotSupported, message) };
}

/** What a transaction's SET did: the command tag, or the error that aborts the transaction. */
export function applySessionCommand(
  tx: { isolation: IsolationLevel; readonly statements: number; readonly settings: SessionSettings },
  command: SessionCommand,
): { readonly tag: string } | DatabaseError {
  switch (command.kind) {
    case 'refused':
      return command.error;
    case 'set-isolation':
      if (tx.statements > 0) {
        const message = 'SET TRANSACTION ISOLATION LEVEL must be called before any query';
        return new DatabaseError(SQLSTATE.activeSqlTransaction, message);
      }
      tx.isolation = command.level;
      return { tag: 'SET' };
    case 'set':
      tx.settings[command.setting] = command.valueMs;
      return { tag: 'SET' };
  }
}

/** On a pooled autocommit query a SET would stick to an unknown connection: refused. */
export function refusePooledSet(): DatabaseError {
  return new DatabaseError(
    SQLSTATE.featureNotSupported,
    'SET on a pooled autocommit query is not modelled: SET it inside transaction(), or give the server lockTimeoutMs / statementTimeoutMs',
  );
}
