/**
 * A sweep's scenarios: the same file with one field set to each value in a range. Every
 * variant goes through the normal loader, and its strategy settings are read as a run will read
 * them, so a value the field cannot take is refused with the loader's (or the strategy's) own
 * message, and all of them are checked before anything runs.
 */
import { parse } from 'yaml';
import { fieldKind, type FieldKind } from './field-kind.js';
import { fieldsLike } from './field-suggestions.js';
import { parseFieldPath, withField, type FieldPath } from './field-path.js';
import { loadScenarioData } from './load-scenario.js';
import type { Scenario } from './scenario.js';
import { formatPath } from './schema-issues.js';
import { checkStrategySections, knownStrategies } from './strategy-settings.js';
import { strategies as builtIn } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { parseEnd, sweepValues, valueLabel } from './sweep-values.js';

export interface SweepRange {
  /** The field's path in the file format: "strategies.redis-setnx.lockTtl". */
  readonly field: string;
  /** Both ends as written: "1s", "60s". */
  readonly from: string;
  readonly to: string;
  /** How many values, both ends included (2 or more). */
  readonly steps: number;
}

export interface SweepPoint {
  /** In the field's unit: ms for durations, per second for rates, bytes for sizes. */
  readonly value: number;
  /** Short and human: "9.429s". */
  readonly label: string;
  readonly scenario: Scenario;
}

export interface SweepPlan {
  /** The field's path as the loader writes it ("faults[1].duration"). */
  readonly field: string;
  readonly kind: FieldKind;
  /** In increasing order of value; at least two. */
  readonly points: readonly SweepPoint[];
}

export type PlanResult =
  | { readonly ok: true; readonly plan: SweepPlan }
  | { readonly ok: false; readonly problem: string };

/** Fields a sweep may not vary: they say how the sweep runs, not what the world is. */
const RUN_FIELDS: Readonly<Record<string, string>> = {
  seed: 'every value runs on the same seeds; choose how many with --seeds',
  seeds: 'every value runs on the same seeds; choose how many with --seeds',
};

/**
 * `yamlText` is a scenario file that already loads; `fallbackName` names it (its file name).
 * `given`: the strategies of the sweep that are not built in (users'), whose settings it may vary.
 */
export function planSweep(
  yamlText: string,
  fallbackName: string,
  range: SweepRange,
  given: readonly Strategy[] = [],
): PlanResult {
  const known = knownStrategies(given);
  const fail = (problem: string): PlanResult => ({ ok: false, problem });
  const path = parseFieldPath(range.field);
  if (path === undefined || path.length === 0) {
    return fail(
      `"${range.field}" is not a field path; write it as in the file, like client.timeout or faults[0].duration`,
    );
  }
  const field = formatPath(path);
  const runField = RUN_FIELDS[field];
  if (runField !== undefined) return fail(`${field}: ${runField}`);
  const file = parse(yamlText, { logLevel: 'silent' }) as Record<string, unknown>;
  const kind = fieldKind(file, path, known);
  if (kind === undefined) {
    const verdict =
      unknownStrategy(path, known) ??
      loaderVerdict(file, path, range.from, fallbackName, known) ??
      `${field}: not a setting a sweep can vary`;
    const like = fieldsLike(file, path, known).filter((candidate) => !(candidate in RUN_FIELDS));
    return fail(`${verdict}${like.length === 0 ? '' : `; did you mean ${like.join(', ')}?`}`);
  }
  if (typeof kind === 'object') return fail(`${field}: ${kind.problem}`);
  const ends = [parseEnd(range.from, kind), parseEnd(range.to, kind)] as const;
  for (const [index, end] of ends.entries()) {
    if (typeof end === 'object')
      return fail(`${field} is ${end.expected} (got "${index === 0 ? range.from : range.to}")`);
  }
  const [from, to] = ends as readonly [number, number];
  if (from === to)
    return fail(
      `${field}=${range.from}..${range.to}: both ends are the same value; give a range, like ${example(kind)}`,
    );
  if (from > to)
    return fail(
      `${field}=${range.from}..${range.to}: from is above to; write the smaller value first (${range.to}..${range.from})`,
    );
  const points: SweepPoint[] = [];
  for (const value of sweepValues(from, to, range.steps, kind)) {
    const label = valueLabel(value, kind);
    const loaded = loadVariant(file, path, value, fallbackName, known);
    if (typeof loaded === 'string') return fail(`${field}=${label}: ${withoutPrefix(loaded, `${field}: `)}`);
    points.push({ value, label, scenario: loaded });
  }
  return { ok: true, plan: { field, kind, points } };
}

function loadVariant(
  file: Record<string, unknown>,
  path: FieldPath,
  value: unknown,
  name: string,
  known: readonly Strategy[],
): Scenario | string {
  const edited = withField(file, path, value);
  if (typeof edited === 'string') return edited;
  const result = loadScenarioData(edited, name);
  if (!result.ok) return result.problems.join('; ');
  const { problems } = checkStrategySections(result.scenario, known);
  return problems.length === 0 ? result.scenario : problems.join('; ');
}

/** `strategies.<name>...` naming a strategy that is neither built in nor given. */
function unknownStrategy(path: FieldPath, known: readonly Strategy[]): string | undefined {
  const [section, name] = path;
  if (section !== 'strategies' || typeof name !== 'string') return undefined;
  if (known.some((strategy) => strategy.name === name)) return undefined;
  return `${formatPath(['strategies', name])}: unknown strategy "${name}"; built-in: ${[...builtIn.keys()].join(', ')} (for your own, give its file with --strategies)`;
}

/** The schema could not follow the path: let the loader say what is wrong with it. */
function loaderVerdict(
  file: Record<string, unknown>,
  path: FieldPath,
  from: string,
  name: string,
  known: readonly Strategy[],
): string | undefined {
  const loaded = loadVariant(file, path, from, name, known);
  return typeof loaded === 'string' ? loaded : undefined;
}

/** "client.timeout=1s: client.timeout: expected ..." says the path twice; once is enough. */
function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function example(kind: FieldKind): string {
  return { duration: '1s..60s', rate: '5/s..50/s', size: '64kb..1mb', integer: '1..8', number: '0.5..2' }[
    kind
  ];
}
