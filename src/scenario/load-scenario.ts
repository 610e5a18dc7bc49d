/**
 * Reads a scenario from the text of a YAML file: parse, validate, merge over the defaults, then
 * check what a schema cannot (fault targets exist, faults fall inside the run, expectations name
 * real strategies). Every problem is one line with its path; none is fatal before all are found.
 */
import { parse, YAMLParseError } from 'yaml';
import { strategies } from '../strategies/registry.js';
import { nodesNamedBy } from './fault-schema.js';
import { formatIssues, formatPath } from './schema-issues.js';
import { scenarioFileSchema, scenarioFromFile } from './scenario-schema.js';
import { convertStrategySettings } from './strategy-settings.js';
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
  const converted = convertStrategySettings(scenarioFromFile(parsed.data, fallbackName).strategyConfig);
  const scenario = { ...scenarioFromFile(parsed.data, fallbackName), strategyConfig: converted.settings };
  const problems = [...converted.problems, ...crossCheck(scenario)];
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
  for (const name of Object.keys(scenario.expect)) {
    if (!strategies.has(name)) {
      problems.push(
        `${formatPath(['expect', name])}: unknown strategy "${name}"; built-in: ${[...strategies.keys()].join(', ')}`,
      );
    }
  }
  return problems;
}
