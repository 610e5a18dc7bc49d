/**
 * Turns a bound parameter into a SQL literal node, the way node-postgres sends it: as text of
 * unknown type, which the server types from context (so '5' works for an int column and
 * '2026-01-01T00:00:00.000Z' for a timestamptz). pg-mem coerces a string literal the same way.
 */
import type { Expr } from 'pgsql-ast-parser';

export function toLiteral(value: unknown): Expr {
  if (value === null || value === undefined) return { type: 'null' };
  return { type: 'string', value: toText(value) };
}

function toText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value instanceof Uint8Array) return `\\x${hex(value)}`;
  return JSON.stringify(value);
}

/** node-postgres sends a JS array as a PostgreSQL array literal: {"a","b",NULL}. */
function arrayLiteral(items: readonly unknown[]): string {
  const elements = items.map((item) =>
    item === null || item === undefined ? 'NULL' : `"${toText(item).replace(/[\\"]/g, '\\$&')}"`,
  );
  return `{${elements.join(',')}}`;
}

/** bytea's hex form, without Node's Buffer (this file also runs in a browser). */
function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
