/**
 * Reads a scenario from the text of a YAML file: parse, validate, merge over the defaults, then
 * check what a schema cannot (fault targets exist, faults fall inside the run). Every problem is
 * one line with its path; none is fatal before all are found.
 *
 * The `strategies:` and `expect:` sections are kept as written: which strategies exist, and what
 * their settings are, is known only where a run meets its strategies (a user's among them).
 * `checkStrategySections` (strategy-settings.ts) reads them there.
 */
import { parse, YAMLParseError } from 'yaml';
import { nodesNamedBy } from './fault-schema.js';
import { formatIssues } from './schema-issues.js';
import { scenarioFileSchema, scenarioFromFile } from './scenario-schema.js';
import type { Scenario } from './scenario.js';
import { nodeNamesOf } from './topology.js';

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly string[] };

/** `fallbackName` names the scenario when the file does not (usually the file name). */
export function loadScenario(yamlText: string, fallbackName: string): LoadResult {
  let raw: unknown;
  try {
    raw = parse(yamlText);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0].line;
    return {
      ok: false,
      problems: [`${line === undefined ? '' : `line ${line}: `}${error.message.split('\n')[0] ?? ''}`],
    };
  }
  return loadScenarioData(raw, fallbackName);
}

/** The same checks on a file already parsed from YAML (a sweep edits one field, then reloads). */
export function loadScenarioData(raw: unknown, fallbackName: string): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['(top level): expected a mapping with at least title and story'] };
  }
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues) };
  const scenario = scenarioFromFile(parsed.data, fallbackName);
  const problems = crossCheck(scenario);
  return problems.length === 0 ? { ok: true, scenario } : { ok: false, problems };
}

function crossCheck(scenario: Scenario): string[] {
  const problems: string[] = [];
  const nodes = new Set(nodeNamesOf(scenario));
  scenario.faults.forEach((timed, index) => {
    if (timed.atMs > scenario.horizonMs) {
      problems.push(
        `faults[${index}].at: ${timed.atMs}ms is after the end of the run (horizon ${scenario.horizonMs}ms)`,
      );
    }
    for (const { field, node } of nodesNamedBy(timed.fault)) {
      if (!nodes.has(node)) {
        problems.push(
          `faults[${index}].${field}: no node "${node}" in this scenario; nodes: ${[...nodes].join(', ')}`,
        );
      }
    }
  });
  return problems;
}
