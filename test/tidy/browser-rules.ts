/**
 * The browser rule (DESIGN.md section 1): everything from `engine` to `report`, and `web`, must run
 * in a browser as it is, so `web/` can bundle the simulator. Those layers may not import Node's
 * modules at run time (a type-only import is erased, so it is fine), nor lean on Node's globals.
 * Only `cli` (the program), `conformance` (sockets to real servers) and `index` (the package for
 * Node users) may.
 */
import { builtinModules } from 'node:module';
import { type Finding, type Layer, layerOf, stripComments } from './tidy-rules.js';

/** Layers that may use Node: they never reach the browser bundle. */
const NODE_LAYERS: ReadonlySet<Layer> = new Set(['conformance', 'index', 'cli']);

const BUILTINS = new Set(builtinModules);

/**
 * Node's globals that a browser lacks (the bundle would throw a ReferenceError on first use).
 * `process` is not here: the engine names its processes so; tidy-rules.ts bans process I/O.
 */
const NODE_GLOBALS: ReadonlyArray<{ readonly pattern: RegExp; readonly name: string }> = [
  { pattern: /\bBuffer\b/, name: 'Buffer' },
  { pattern: /(?<![.\w])require\s*\(/, name: 'require' },
  { pattern: /\b__dirname\b|\b__filename\b/, name: '__dirname / __filename' },
];

/** `node:fs`, `fs`, `fs/promises`: a module of Node's own (not `buffer/`, the npm package). */
export function isNodeModule(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}

/** The specifiers `source` imports at run time: `import type` and `export type` are erased, so left out. */
export function runtimeImportsOf(source: string): string[] {
  const code = stripComments(source);
  const statements = [...code.matchAll(/\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)]
    .filter((match) => match[2] === undefined)
    .map((match) => match[3] as string);
  const bare = [...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)].map((match) => match[1] as string);
  const dynamic = [...code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] as string,
  );
  return [...statements, ...bare, ...dynamic];
}

export function findNodeOnlyUses(path: string, source: string): Finding[] {
  const layer = layerOf(path);
  if (layer === undefined || NODE_LAYERS.has(layer)) return [];
  const imports = runtimeImportsOf(source)
    .filter(isNodeModule)
    .map((specifier) => ({
      path,
      problem: `imports ${specifier} at run time: ${layer} must run in a browser (a type-only import is fine)`,
    }));
  const code = stripComments(source);
  const globals = NODE_GLOBALS.filter(
    ({ pattern, name }) => pattern.test(code) && !bindsItself(code, name),
  ).map(({ name }) => ({
    path,
    problem: `uses Node's global ${name}: ${layer} must run in a browser`,
  }));
  return [...imports, ...globals];
}

/** Whether the file imports (or re-exports) the name itself, as a shim of the global does. */
function bindsItself(code: string, name: string): boolean {
  return new RegExp(`\\b(import|export)\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from`).test(code);
}
