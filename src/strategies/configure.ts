/**
 * A strategy's configuration for one run: its defaults, overridden by the scenario, checked.
 */
import type { Strategy } from './strategy.js';

/** Thrown when a scenario configures a strategy wrongly; the message names every problem. */
export class StrategyConfigError extends Error {
  constructor(
    readonly strategy: string,
    readonly problems: readonly string[],
  ) {
    super(`strategies.${strategy}: ${problems.join('; ')}`);
    this.name = 'StrategyConfigError';
  }
}

export function configure<Config>(
  strategy: Strategy<Config>,
  overrides: Readonly<Record<string, unknown>>,
): Config {
  const defaults = strategy.defaults as Record<string, unknown>;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(overrides)) {
    if (!(field in defaults))
      problems.push(`${field}: unknown setting; known: ${Object.keys(defaults).join(', ') || '(none)'}`);
    else if (typeof value !== typeof defaults[field])
      problems.push(`${field}: expected a ${typeof defaults[field]}`);
  }
  const config = { ...defaults, ...overrides } as Config;
  problems.push(...(strategy.validateConfig?.(config) ?? []));
  if (problems.length > 0) throw new StrategyConfigError(strategy.name, problems);
  return config;
}
