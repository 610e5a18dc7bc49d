/**
 * Loads a user's strategy from a file (`--strategy ./my-strategy.ts`), so their own design can go
 * through every scenario. A file that exports nothing usable, or something malformed, is refused
 * in one line naming what is missing.
 */
import { strategies } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { strategyFromExports } from '../strategies/validate-strategy.js';
import { UsageError } from './cli-io.js';
import { importUserModule, isModulePath } from './user-module.js';

const SEE_README = 'see README "Write your own strategy"';

/** A reference with a slash or a module extension is a file; anything else names a built-in. */
export const isStrategyPath = isModulePath;

/** `reference` is resolved against `cwd`; it is also how every error names the file. */
export async function loadStrategyModule(reference: string, cwd: string = process.cwd()): Promise<Strategy> {
  const exports = await importUserModule(reference, 'strategy', cwd);
  const check = strategyFromExports(exports, new Set(strategies.keys()));
  if (!check.ok) throw new UsageError(`${reference}: ${check.problems.join('; ')}; ${SEE_README}`);
  return check.strategy;
}
