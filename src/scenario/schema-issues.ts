/**
 * Turns schema issues into the one-line problems a user reads: `faults[2].at: expected ...`.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** ['faults', 2, 'at'] -> "faults[2].at"; [] -> "(top level)". */
export function formatPath(path: readonly Key[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}

/** One issue can name several unknown fields: each gets its own line at its own path. */
export function explainIssue(
  issue: Issue,
): Array<{ readonly path: readonly Key[]; readonly message: string }> {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: 'unknown field (check the spelling)',
    }));
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return [{ path: issue.path, message: `missing (expected ${article(issue.expected)} ${issue.expected})` }];
  }
  return [{ path: issue.path, message: issue.message }];
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? 'an' : 'a';
}

export function formatIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap(explainIssue).map(({ path, message }) => `${formatPath(path)}: ${message}`);
}
