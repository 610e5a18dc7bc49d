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
      return numberText(value);
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

/**
 * String(value), faster for the values the simulator sends most: virtual times, whole
 * milliseconds with microseconds (12.41, 5012.007). Printing a fractional double takes V8 about
 * 150 ns (its shortest round-trip search), a few percent of a recovery-point hunt. Exact: when
 * `k / 1000 === value` for a whole k, the decimal k/1000 (parsing is correctly rounded, as that
 * division is) reads back as `value`; below 1e12 no other decimal of at most three fraction digits
 * reads back the same (doubles there are closer than 0.001 apart), so none is shorter, and V8
 * prints such a number without an exponent. Anything else goes to String.
 */
export function numberText(value: number): string {
  const scaled = Math.round(value * 1000);
  const magnitude = Math.abs(scaled);
  if (Number.isInteger(value) || scaled / 1000 !== value || magnitude >= 1e15) return String(value);
  const fraction = magnitude % 1000;
  const whole = (magnitude - fraction) / 1000;
  const digits = fraction % 10 !== 0 ? 3 : fraction % 100 !== 0 ? 2 : 1;
  const text = `${whole}.${String(fraction).padStart(3, '0').slice(0, digits)}`;
  return scaled < 0 ? `-${text}` : text;
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
