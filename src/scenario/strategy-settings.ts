/**
 * The `strategies:` section of a scenario: per-strategy overrides of their defaults. A file
 * writes them in human units: a strategy's setting `lockTtlMs` is written `lockTtl: 5s` (or
 * `lockTtlMs: 5000`); any other setting keeps its name and its value's type.
 *
 * A scenario keeps the section as written, because only the strategy knows what its settings
 * are, and a user's strategy is known only once its file is loaded. Reading a section into a
 * strategy's configuration happens where the strategy and the scenario meet: the composition
 * root (run-experiment.ts) for a run, the command line before anything runs, a sweep's plan, a
 * play knob. The same rules for built-in strategies and users'.
 */
import { mergeConfig } from '../strategies/configure.js';
import { strategies as builtIn } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { duration } from './scenario-file-writer.js';
import type { Scenario } from './scenario.js';
import { parseDurationMs } from './units.js';

/** One strategy's section: setting names as written (`lockTtl` or `lockTtlMs`) to values. */
export type StrategySection = Readonly<Record<string, unknown>>;

export type Configured<Config> =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The strategy's configuration: its defaults with the section over them, units converted, every
 * value checked. Each problem is one line with its path ("strategies.x.claimTtl: ...").
 */
export function strategyConfigFrom<Config>(
  strategy: Strategy<Config>,
  section: StrategySection | undefined,
): Configured<Config> {
  const defaults = strategy.defaults as StrategySection;
  const problems: string[] = [];
  const overrides: Record<string, unknown> = {};
  const writtenAs = new Map<string, string>();
  for (const [written, value] of Object.entries(section ?? {})) {
    const field = settingField(defaults, written);
    const path = `strategies.${strategy.name}.${written}`;
    const earlier = writtenAs.get(field);
    if (earlier !== undefined) {
      problems.push(`${path}: set twice (as ${earlier} and as ${written}); keep one`);
      continue;
    }
    writtenAs.set(field, written);
    if (!(field in defaults)) {
      const known = Object.keys(defaults).map(settingFileName);
      problems.push(`${path}: unknown setting; known: ${known.join(', ') || '(none)'}`);
    } else if (field === written) {
      overrides[field] = value;
    } else {
      const ms = parseDurationMs(value);
      if (ms === undefined)
        problems.push(`${path}: expected a duration like "5s" or "250ms", got ${JSON.stringify(value)}`);
      else overrides[field] = ms;
    }
  }
  const merged = mergeConfig(strategy, overrides);
  problems.push(
    ...merged.problems.map((problem) => `strategies.${strategy.name}.${problemAsWritten(problem)}`),
  );
  return problems.length === 0 ? { ok: true, config: merged.config } : { ok: false, problems };
}

/** `lockTtl` -> `lockTtlMs` where the strategy has that duration; any other name as it is. */
function settingField(defaults: StrategySection, written: string): string {
  return !(written in defaults) && typeof defaults[`${written}Ms`] === 'number' ? `${written}Ms` : written;
}

/**
 * How a file writes a setting: `lockTtlMs` -> `lockTtl`; any other name as it is. What
 * `field.replace(/(.)Ms$/, '$1')` gives, without a regular expression: a hunt writes every case's
 * settings this way, several calls a case. Exact: the pattern matches a name that ends in `Ms`
 * after at least one character that `.` takes (anything but a line terminator), and drops the `Ms`.
 */
export function settingFileName(field: string): string {
  const length = field.length;
  if (length < 3 || !field.endsWith('Ms') || LINE_TERMINATORS.has(field[length - 3] as string)) return field;
  return field.slice(0, -2);
}

/** What `.` in a regular expression without the `s` flag does not match. */
const LINE_TERMINATORS: ReadonlySet<string> = new Set(['\n', '\r', '\u2028', '\u2029']);

/** The strategy's problems use its own names ("lockTtlMs: ..."); a file's reader wants the file's. */
function problemAsWritten(problem: string): string {
  return problem.replace(/^(\w+)Ms:/, '$1:');
}

/**
 * Settings in a strategy's own names and units as a file writes them (`lockTtlMs: 1500` ->
 * `lockTtl: '1.5s'`), so a scenario built in code reads back from its file unchanged.
 */
export function settingsAsWritten(settings: StrategySection): StrategySection {
  return Object.fromEntries(
    Object.entries(settings).map(([field, value]) =>
      settingFileName(field) !== field && typeof value === 'number'
        ? [settingFileName(field), duration(value)]
        : [field, value],
    ),
  );
}

/** The strategies a scenario's sections may name: the built-in ones, then the given ones. */
export function knownStrategies(given: readonly Strategy[] = []): Strategy[] {
  const known = new Map(builtIn);
  for (const strategy of given) known.set(strategy.name, strategy);
  return [...known.values()];
}

export interface SectionsCheck {
  /** Problems with the settings of known strategies, one line each with its path. */
  readonly problems: readonly string[];
  /** Paths of the sections that name no known strategy: `strategies.x`, `expect.x`. */
  readonly unknown: readonly string[];
}

/**
 * Every `strategies:` section and `expect:` entry of the scenario against the known strategies:
 * a known strategy's settings are read as a run would; a name no known strategy has is listed,
 * for the caller to refuse (validate) or to note and pass over (a run that does not include it).
 */
export function checkStrategySections(scenario: Scenario, known: readonly Strategy[]): SectionsCheck {
  const byName = new Map(known.map((strategy) => [strategy.name, strategy]));
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [name, section] of Object.entries(scenario.strategyConfig)) {
    const strategy = byName.get(name);
    if (strategy === undefined) unknown.push(`strategies.${name}`);
    else {
      const configured = strategyConfigFrom(strategy, section);
      if (!configured.ok) problems.push(...configured.problems);
    }
  }
  for (const name of Object.keys(scenario.expect)) if (!byName.has(name)) unknown.push(`expect.${name}`);
  return { problems, unknown };
}

/**
 * A copy of the scenario with some of one strategy's settings set. `overrides` may use either
 * spelling; whichever spelling of the same setting the section had is replaced, not kept beside.
 */
export function withStrategySettings(
  scenario: Scenario,
  strategy: string,
  overrides: StrategySection,
): Scenario {
  const replaced = new Set(Object.keys(overrides).flatMap((key) => [key, `${key}Ms`, settingFileName(key)]));
  const kept = Object.entries(scenario.strategyConfig[strategy] ?? {}).filter(([key]) => !replaced.has(key));
  return {
    ...scenario,
    strategyConfig: {
      ...scenario.strategyConfig,
      [strategy]: { ...Object.fromEntries(kept), ...overrides },
    },
  };
}
