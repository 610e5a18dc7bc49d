/**
 * The `strategies:` section of a scenario file: per-strategy overrides of their defaults, in
 * human units. A strategy's setting `lockTtlMs` is written `lockTtl: 5s` in a file; any other
 * setting keeps its name and its value's type.
 */
import { configure, StrategyConfigError } from '../strategies/configure.js';
import { strategies } from '../strategies/registry.js';
import { parseDurationMs } from './units.js';

type Settings = Readonly<Record<string, unknown>>;

export interface ConvertedSettings {
  readonly settings: Readonly<Record<string, Settings>>;
  readonly problems: readonly string[];
}

export function convertStrategySettings(raw: Readonly<Record<string, Settings>>): ConvertedSettings {
  const settings: Record<string, Settings> = {};
  const problems: string[] = [];
  for (const [name, fileSettings] of Object.entries(raw)) {
    const strategy = strategies.get(name);
    if (strategy === undefined) {
      problems.push(
        `strategies.${name}: unknown strategy "${name}"; built-in: ${[...strategies.keys()].join(', ')}`,
      );
      continue;
    }
    const converted = convertFields(name, strategy.defaults as Settings, fileSettings, problems);
    try {
      configure(strategy, converted);
    } catch (error) {
      if (!(error instanceof StrategyConfigError)) throw error;
      problems.push(...error.problems.map((problem) => `strategies.${name}.${fileName(problem)}`));
    }
    settings[name] = converted;
  }
  return { settings, problems };
}

function convertFields(
  name: string,
  defaults: Settings,
  fileSettings: Settings,
  problems: string[],
): Settings {
  const converted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fileSettings)) {
    const msField = `${field}Ms`;
    if (msField in defaults) {
      const ms = parseDurationMs(value);
      if (ms === undefined)
        problems.push(
          `strategies.${name}.${field}: expected a duration like "5s", got ${JSON.stringify(value)}`,
        );
      else converted[msField] = ms;
    } else if (field in defaults) {
      converted[field] = value;
    } else {
      const known = Object.keys(defaults).map((key) => key.replace(/Ms$/, ''));
      problems.push(`strategies.${name}.${field}: unknown setting; known: ${known.join(', ') || '(none)'}`);
    }
  }
  return converted;
}

/** configure() speaks internal names ("lockTtlMs: ..."); a file reader wants its own ("lockTtl: ..."). */
function fileName(problem: string): string {
  return problem.replace(/^(\w+)Ms:/, '$1:');
}
