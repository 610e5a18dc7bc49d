/**
 * A scenario file with the fields the schema refused taken out, so the checks that come after
 * the schema (fault targets, strategy settings) still run and a user sees every problem of the
 * file at once, not one round at a time.
 *
 * A refused field goes back to its default; a refused fault becomes a `heal` at 0s (it names no
 * node, so it adds no problem, and the faults after it keep their indices); a refused title or
 * story becomes a placeholder. What this leaves is only ever checked, never run.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** Rounds of removal tried: each round removes what the previous parse refused. */
const ROUNDS_MAX = 8;

const PLACEHOLDER_FAULT = { at: 0, kind: 'heal' };

export function withoutBadFields<Schema extends z.ZodType>(
  raw: object,
  issues: readonly Issue[],
  schema: Schema,
): z.output<Schema> | undefined {
  const copy = structuredClone(raw) as Record<string, unknown>;
  let pending = issues;
  for (let round = 0; round < ROUNDS_MAX; round++) {
    for (const path of pending.flatMap(pathsOf)) if (!remove(copy, path)) return undefined;
    const parsed = schema.safeParse(copy);
    if (parsed.success) return parsed.data;
    pending = parsed.error.issues;
  }
  return undefined;
}

/** An unknown field's issue names its object; the fields to take out are its keys. */
function pathsOf(issue: Issue): Array<readonly Key[]> {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => [...issue.path, key]);
  return [issue.path];
}

/** Takes out what `path` names (or its parent, when it is already absent); false when nothing can go. */
function remove(root: Record<string, unknown>, path: readonly Key[]): boolean {
  const [top, second] = path;
  if (typeof top !== 'string') return false;
  if (top === 'title' || top === 'story') {
    root[top] = '(refused)';
    return true;
  }
  if (top === 'faults' && typeof second === 'number' && Array.isArray(root.faults)) {
    root.faults[second] = PLACEHOLDER_FAULT;
    return true;
  }
  for (let length = path.length; length >= 1; length--) {
    const parent = walk(root, path.slice(0, length - 1));
    const key = path[length - 1] as Key;
    if (parent !== undefined && typeof key !== 'symbol' && key in parent) {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<Key, unknown>)[key];
      return true;
    }
  }
  return false;
}

function walk(root: unknown, path: readonly Key[]): object | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || typeof key === 'symbol') return undefined;
    node = (node as Record<Key, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? node : undefined;
}
