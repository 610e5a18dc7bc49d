/**
 * Suggestions for a field path that names nothing: the numeric fields of the file whose last
 * name is like the one given ("lockTtl" -> strategies.redis-setnx.lockTtl; "client.timout" ->
 * client.timeout), the ones beside it first.
 */
import { numericFields } from './field-kind.js';
import type { FieldPath } from './field-path.js';
import type { Strategy } from '../strategies/strategy.js';
import { formatPath } from './schema-issues.js';

const SUGGESTIONS_MAX = 6;

/** Up to six paths, and "... (n in all)" when there are more. */
export function fieldsLike(
  file: Readonly<Record<string, unknown>>,
  path: FieldPath,
  known: readonly Strategy[],
): string[] {
  const wanted = String(path[path.length - 1]).toLowerCase();
  const like = numericFields(file, known)
    .map(({ path: candidate }) => formatPath(candidate))
    .filter((candidate) => {
      const name = (candidate.split('.').pop() ?? '').toLowerCase();
      return (
        candidate !== formatPath(path) &&
        (name.includes(wanted) || (wanted.length > 3 && editDistance(name, wanted) <= 2))
      );
    });
  const parent = formatPath(path.slice(0, -1));
  const siblings = like.filter((candidate) => candidate.startsWith(`${parent}.`));
  const offered = siblings.length > 0 ? siblings : like;
  const shown = offered.slice(0, SUGGESTIONS_MAX);
  return offered.length > shown.length ? [...shown, `... (${offered.length} in all)`] : shown;
}

/** Levenshtein distance: letters to insert, delete or change to turn one word into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (const [i, letter] of [...a].entries()) {
    const current = [i + 1];
    for (const [j, other] of [...b].entries()) {
      current.push(
        Math.min(
          (previous[j + 1] as number) + 1,
          (current[j] as number) + 1,
          (previous[j] as number) + (letter === other ? 0 : 1),
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
