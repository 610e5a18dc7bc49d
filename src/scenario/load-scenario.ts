/**
 * Reads a scenario from the text of a YAML file: parse, validate, merge over the defaults, then
 * check what a schema cannot (fault targets exist, faults fall inside the run). Every problem is
 * one line with its path; none is fatal before all are found.
 *
 * The `strategies:` and `expect:` sections are kept as written: which strategies exist, and what
 * their settings are, is known only where a run meets its strategies (a user's among them).
 * `checkStrategySections` (strategy-settings.ts) reads them there.
 */
import { parseDocument, YAMLError } from 'yaml';
import { nodesNamedBy } from './fault-schema.js';
import { formatIssues } from './schema-issues.js';
import { scenarioFileSchema, scenarioFromFile } from './scenario-schema.js';
import type { Scenario } from './scenario.js';
import { consumerNodes, NODES, nodeNamesOf } from './topology.js';
import { withoutBadFields } from './without-bad-fields.js';

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | {
      readonly ok: false;
      readonly problems: readonly string[];
      /** The file with its bad fields left at their defaults, when that much could be read: later checks (strategy sections) still run on it, so one problem does not hide another. */
      readonly rest?: Scenario;
    };

/** Characters of scenario text read at most: a hand-written file is a few kB. */
export const SCENARIO_TEXT_CHARS_MAX = 1_000_000;

/**
 * Aliases expanded at most while parsing: a file with a few anchors needs a handful; an alias
 * bomb (aliases of aliases of lists) would otherwise grow without bound.
 */
const ALIASES_MAX = 100;

/** `fallbackName` names the scenario when the file does not (usually the file name). */
export function loadScenario(yamlText: string, fallbackName: string): LoadResult {
  const notText = notTextProblem(yamlText);
  if (notText !== undefined) return { ok: false, problems: [notText] };
  let raw: unknown;
  try {
    // The parser's warnings (an unknown %YAML version, say) would reach the user as a Node
    // process warning with no file name; they are refused as problems instead.
    const document = parseDocument(yamlText, { logLevel: 'silent' });
    const first = document.errors[0] ?? document.warnings[0];
    if (first !== undefined) throw first;
    raw = document.toJS({ maxAliasCount: ALIASES_MAX });
  } catch (error) {
    return { ok: false, problems: [parseProblem(error)] };
  }
  return loadScenarioData(raw, fallbackName);
}

/** Binary or oversized input is refused before the YAML parser sees it. */
function notTextProblem(text: string): string | undefined {
  if (text.length > SCENARIO_TEXT_CHARS_MAX) {
    return `(file): too large for a scenario: at most ${SCENARIO_TEXT_CHARS_MAX.toLocaleString('en-US')} characters`;
  }
  // A NUL, or the replacement character that decoding invalid UTF-8 leaves, means it is not text.
  const binary = firstBinaryIndex(text);
  if (binary !== undefined) return `(file): not a text file (binary data at character ${binary + 1})`;
  return undefined;
}

/** Where a control character other than tab, newline, vertical tab, form feed or return is (or U+FFFD). */
function firstBinaryIndex(text: string): number | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x09 || (code > 0x0d && code < 0x20) || code === 0xfffd) return index;
  }
  return undefined;
}

/** One line, whatever the parser threw (the alias limit throws a ReferenceError, not a parse error). */
function parseProblem(error: unknown): string {
  if (error instanceof YAMLError) {
    const at = error.linePos?.[0];
    // The parser's first line repeats the position ("... at line 1, column 7:"): say it once, first.
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return `${at === undefined ? '' : `line ${at.line}, column ${at.col}: `}${message}`;
  }
  if (error instanceof ReferenceError && /alias/i.test(error.message)) {
    return `(file): too many YAML aliases: at most ${ALIASES_MAX} may be expanded`;
  }
  if (error instanceof Error) return `(file): not readable as YAML: ${error.message.split('\n')[0] ?? ''}`;
  throw error;
}

/** The same checks on a file already parsed from YAML (a sweep edits one field, then reloads). */
export function loadScenarioData(raw: unknown, fallbackName: string): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['(top level): expected a mapping with at least title and story'] };
  }
  const parsed = scenarioFileSchema.safeParse(raw);
  if (parsed.success) {
    const scenario = scenarioFromFile(parsed.data, fallbackName);
    const problems = crossCheck(scenario);
    return problems.length === 0 ? { ok: true, scenario } : { ok: false, problems, rest: scenario };
  }
  const problems = formatIssues(parsed.error.issues);
  const rest = withoutBadFields(raw, parsed.error.issues, scenarioFileSchema);
  if (rest === undefined) return { ok: false, problems };
  const scenario = scenarioFromFile(rest, fallbackName);
  return { ok: false, problems: [...problems, ...crossCheck(scenario)], rest: scenario };
}

/** The node a fault of these kinds must name with its `node` field, and how to say so. */
const NODE_KINDS: Readonly<
  Record<string, { readonly nodes: (scenario: Scenario) => readonly string[]; readonly what: string }>
> = {
  'redis-restart': { nodes: () => [NODES.redis], what: 'the Redis node' },
  'redis-failover': { nodes: () => [NODES.redis], what: 'the Redis node' },
  'redis-cache-load': { nodes: () => [NODES.redis], what: 'the Redis node' },
  'slow-consumer': { nodes: (scenario) => consumerNodes(scenario.kafka.consumers), what: 'a Kafka consumer' },
};

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
    if (timed.fault.kind === 'redis-failover' && scenario.redis.replicationLagMs === undefined) {
      problems.push(`faults[${index}].kind: a redis-failover needs a replica: set redis.replicationLag`);
    }
    const kind = NODE_KINDS[timed.fault.kind];
    const node = timed.fault.node;
    if (kind === undefined || typeof node !== 'string' || !nodes.has(node)) return;
    const allowed = kind.nodes(scenario);
    if (!allowed.includes(node)) {
      problems.push(
        `faults[${index}].node: ${timed.fault.kind} needs ${kind.what} (${listed(allowed)}), not "${node}"`,
      );
    }
  });
  return problems;
}

/** A node list short enough for one line. */
function listed(nodes: readonly string[]): string {
  return nodes.length <= 3 ? nodes.join(', ') : `${nodes[0]} .. ${nodes[nodes.length - 1]}`;
}
