/**
 * Loads a user's own hunt property from a file (`idemsim hunt --property ./never-over.ts`): a
 * module exporting `property` (or one export) shaped as HuntProperty: `name`, `claim` and a
 * `violation(run)` function that returns undefined when the claim held, else one line.
 */
import type { HuntProperty } from '../hunt/properties.js';
import { UsageError } from './cli-io.js';
import { importUserModule } from './user-module.js';

const SHAPE = 'export const property = { name, claim, violation(run) }; see README "Hunt"';

export async function loadPropertyModule(
  reference: string,
  cwd: string = process.cwd(),
): Promise<HuntProperty> {
  const exports = await importUserModule(reference, 'property', cwd);
  const values = Object.values(exports);
  const candidate = exports['property'] ?? (values.length === 1 ? values[0] : undefined);
  if (typeof candidate !== 'object' || candidate === null) {
    throw new UsageError(
      `${reference}: exports no property (${Object.keys(exports).join(', ') || 'nothing'}); ${SHAPE}`,
    );
  }
  const problems = [
    ...(typeof (candidate as HuntProperty).name === 'string' ? [] : ['name is not a string']),
    ...(typeof (candidate as HuntProperty).claim === 'string' ? [] : ['claim is not a string']),
    ...(typeof (candidate as HuntProperty).violation === 'function' ? [] : ['violation is not a function']),
  ];
  if (problems.length > 0) throw new UsageError(`${reference}: ${problems.join('; ')}; ${SHAPE}`);
  return candidate as HuntProperty;
}
