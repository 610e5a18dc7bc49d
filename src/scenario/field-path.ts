/**
 * A field of a scenario file named by its path, as a user writes it and as the loader reports
 * it: `client.retry.attempts`, `strategies.redis-setnx.lockTtl`, `faults[1].duration` (or
 * `faults.1.duration`). Works on the parsed YAML, before validation, so the loader still judges
 * the value.
 */
import { formatPath } from './schema-issues.js';

export type FieldPath = ReadonlyArray<string | number>;

const NAME = /^[A-Za-z_][\w-]*$/;

/** "faults[1].duration" -> ["faults", 1, "duration"]; undefined when it is not a path. */
export function parseFieldPath(text: string): FieldPath | undefined {
  const path: Array<string | number> = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null) return undefined;
    const [, name = '', indexes = ''] = match;
    if (/^\d+$/.test(name) && indexes === '') path.push(Number(name));
    else if (NAME.test(name)) path.push(name);
    else return undefined;
    for (const index of indexes.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

type Container = Record<string, unknown> | unknown[];

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `file` with the field at `path` set to `value`. Missing mappings on the way are
 * created (a file need not mention `client` to vary `client.timeout`); a list item must exist.
 * Returns a problem instead when the path runs through a list item the file does not have.
 */
export function withField(
  file: Readonly<Record<string, unknown>>,
  path: FieldPath,
  value: unknown,
): Record<string, unknown> | string {
  const copy = structuredClone(file) as Record<string, unknown>;
  let container: Container = copy;
  for (const [depth, key] of path.entries()) {
    const last = depth === path.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(container) || key >= container.length) {
        const have = Array.isArray(container) ? `it has ${container.length}` : 'it is not a list';
        return `${formatPath(path.slice(0, depth + 1))}: no such item in the file (${have})`;
      }
    } else if (Array.isArray(container)) {
      return `${formatPath(path.slice(0, depth))}: is a list; name an item by its index, like ${formatPath([...path.slice(0, depth), 0, key])}`;
    }
    const slots = container as Record<string | number, unknown>;
    if (last) {
      slots[key] = value;
    } else {
      const next = slots[key];
      if (!isMapping(next) && !Array.isArray(next)) slots[key] = {};
      container = slots[key] as Container;
    }
  }
  return copy;
}
