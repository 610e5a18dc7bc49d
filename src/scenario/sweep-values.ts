/**
 * The values a sweep runs: both ends read in the file's own units for the field's kind, then
 * `steps` evenly spaced values from one end to the other, rounded to what the field can hold
 * (whole numbers stay whole; durations to the ms, or the µs on sub-10 ms steps), with repeats
 * dropped. Each value carries a short label for charts and tables.
 */
import type { FieldKind } from './field-kind.js';
import { parseBytes, parseDurationMs, parseRatePerSec } from './units.js';

const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

const FORMS: Readonly<Record<FieldKind, string>> = {
  duration: 'a duration: write values like 250ms..5s or 1s..60s',
  rate: 'a rate: write values like 5/s..50/s',
  size: 'a size: write values like 64kb..1mb',
  integer: 'a whole number: write values like 1..8',
  number: 'a number: write values like 0.5..2',
};

/** One end of a range in the field's units (ms, per second, bytes), or the form it should take. */
export function parseEnd(text: string, kind: FieldKind): number | { readonly expected: string } {
  const trimmed = text.trim();
  // A bare number means what it means in the file: ms, per second, bytes.
  const value: unknown = PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
  const parsed = parseAs(value, kind);
  return parsed === undefined ? { expected: FORMS[kind] } : parsed;
}

function parseAs(value: unknown, kind: FieldKind): number | undefined {
  switch (kind) {
    case 'duration':
      return parseDurationMs(value);
    case 'rate':
      return parseRatePerSec(value);
    case 'size':
      return parseBytes(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'number':
      return typeof value === 'number' ? value : undefined;
  }
}

/** `steps` values from `from` to `to` (from < to), both ends included, rounded, without repeats. */
export function sweepValues(from: number, to: number, steps: number, kind: FieldKind): number[] {
  const stepSize = (to - from) / (steps - 1);
  const round = rounding(kind, stepSize);
  const values: number[] = [];
  for (let index = 0; index < steps; index++) {
    const value = round(index === steps - 1 ? to : from + stepSize * index);
    if (values[values.length - 1] !== value) values.push(value);
  }
  return values;
}

function rounding(kind: FieldKind, stepSize: number): (value: number) => number {
  const toMultiple = (unit: number) => (value: number) => Math.round(value / unit) * unit;
  const toDecimals = (decimals: number) => (value: number) => Number(value.toFixed(decimals));
  switch (kind) {
    case 'integer':
    case 'size':
      return toMultiple(1);
    case 'duration':
      return stepSize >= 10 ? toMultiple(1) : toDecimals(3);
    case 'rate':
    case 'number':
      return toDecimals(6);
  }
}

/** 9429 (duration) -> "9.429s"; 2 (integer) -> "2"; 65536 (size) -> "64kb". */
export function valueLabel(value: number, kind: FieldKind): string {
  switch (kind) {
    case 'duration':
      return durationLabel(value);
    case 'rate':
      return `${significant(value)}/s`;
    case 'size':
      return sizeLabel(value);
    case 'integer':
    case 'number':
      return significant(value);
  }
}

function durationLabel(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size) return `${Number((ms / size).toFixed(unit === 's' ? 3 : 4))}${unit}`;
  }
  return `${Number(ms.toFixed(3))}ms`;
}

function sizeLabel(bytes: number): string {
  for (const [unit, size] of [
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(3))}${unit}`;
  }
  return `${bytes}b`;
}

function significant(value: number): string {
  return String(Number(value.toPrecision(6)));
}
