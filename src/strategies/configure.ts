/**
 * A strategy's configuration for one run: its defaults, overridden by the scenario, checked.
 *
 * The overrides use the strategy's own names and units (`lockTtlMs: 5000`); reading a scenario
 * file's human forms (`lockTtl: 5s`) into them is the scenario layer's job (strategy-settings.ts).
 */
import type { Strategy } from './strategy.js';

/**
 * Thrown when a run is asked to configure a strategy wrongly. Each problem is one line that
 * starts with its path in a scenario file ("strategies.redis-setnx.lockTtl: ...").
 */
export class StrategyConfigError extends Error {
  constructor(
    readonly strategy: string,
    readonly problems: readonly string[],
  ) {
    super(problems.join('; '));
    this.name = 'StrategyConfigError';
  }
}

export interface MergedConfig<Config> {
  /** The defaults with the overrides over them. */
  readonly config: Config;
  /** What is wrong, one line each, by the strategy's own names ("lockTtlMs: expected a number"). */
  readonly problems: readonly string[];
}

export function mergeConfig<Config>(
  strategy: Strategy<Config>,
  overrides: Readonly<Record<string, unknown>>,
): MergedConfig<Config> {
  const defaults = strategy.defaults as Record<string, unknown>;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(overrides)) {
    if (!(field in defaults))
      problems.push(`${field}: unknown setting; known: ${Object.keys(defaults).join(', ') || '(none)'}`);
    else if (typeof value !== typeof defaults[field])
      problems.push(`${field}: expected a ${typeof defaults[field]}`);
  }
  const config = { ...defaults, ...overrides } as Config;
  // The strategy's own checks assume the types are right; with a wrong type, say only that.
  if (problems.length === 0) problems.push(...(strategy.validateConfig?.(config) ?? []));
  return { config, problems };
}
