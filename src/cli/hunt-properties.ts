/**
 * `--property`: what a hunt must not break, as the command line names it (also how a hunt's
 * worker thread and `idemsim merge` of hunt shards read it back).
 */
import { BUILT_IN_PROPERTIES, builtInProperty, type HuntProperty } from '../hunt/properties.js';
import { UsageError } from './cli-io.js';
import { loadPropertyModule } from './load-property-module.js';
import { isModulePath } from './user-module.js';

/** Built-in names, `all`, or paths to the user's own property modules, comma-separated. */
export async function parseProperties(list: string): Promise<HuntProperty[]> {
  if (list.trim() === 'all') return [...BUILT_IN_PROPERTIES];
  const properties: HuntProperty[] = [];
  for (const reference of list.split(',').map((name) => name.trim())) {
    if (isModulePath(reference)) {
      properties.push(await loadPropertyModule(reference));
      continue;
    }
    const property = builtInProperty(reference);
    if (property === undefined) {
      throw new UsageError(
        `unknown property "${reference}": use ${BUILT_IN_PROPERTIES.map((known) => known.name).join(', ')}, all, or a path to your own .ts/.js file`,
      );
    }
    properties.push(property);
  }
  return properties;
}
