/**
 * The rules the tidy test enforces (DESIGN.md section 1), as pure functions of (path, source),
 * so that the rules themselves can be tested on small examples.
 */
import { posix } from 'node:path';

/** Layers from the bottom up: a layer may import only itself and layers before it. */
export const LAYERS = [
  'engine',
  'world',
  'components',
  'strategies',
  // checks read only records (components); the scenario's expectation speaks the harm catalogue's words.
  'checks',
  'scenario',
  'metrics',
  'experiment',
  'hunt',
  'report',
  // replays recorded store schedules on real PostgreSQL / Redis servers: real sockets; real time
  // only through the WallClock the CLI hands it (conformance/wall-clock.ts).
  'conformance',
  // the browser entry: runs experiments in a Web Worker and renders the workshop page.
  'web',
  // src/index.ts: the library's public API, a list of re-exports.
  'index',
  'cli',
] as const;

export type Layer = (typeof LAYERS)[number];

/** What may not appear outside src/cli/: real randomness, the real clock, timers, console. */
const BANNED: ReadonlyArray<{ readonly pattern: RegExp; readonly why: string }> = [
  { pattern: /\bMath\.random\b/, why: 'Math.random (use the seeded Rng)' },
  { pattern: /\bDate\.now\b/, why: 'Date.now (use the simulation clock)' },
  { pattern: /\bnew Date\(/, why: 'new Date() (use the simulation clock)' },
  {
    pattern: /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/,
    why: 'a real timer (use sleep)',
  },
  { pattern: /\bconsole\./, why: 'console (only src/cli does I/O)' },
  { pattern: /\bprocess\.(stdout|stderr|stdin|exit|env|argv)\b/, why: 'process I/O (only src/cli does I/O)' },
  {
    pattern: /from ['"](node:)?(fs|fs\/promises|child_process|readline)['"]/,
    why: 'file or process I/O (only src/cli)',
  },
  { pattern: /^export default\b/m, why: 'a default export (house style: named exports only)' },
];

export interface Finding {
  readonly path: string;
  readonly problem: string;
}

/** Comments may mention Date.now; code may not. Strings stay (a banned call in a string is odd). */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** `path` is relative to src/, with forward slashes ("world/rpc.ts"). */
export function layerOf(path: string): Layer | undefined {
  const first = path.split('/')[0] ?? '';
  const name = first.replace(/\.ts$/, '');
  return (LAYERS as readonly string[]).includes(name) ? (name as Layer) : undefined;
}

export function findBannedUses(path: string, source: string): Finding[] {
  if (layerOf(path) === 'cli') return [];
  const code = stripComments(source);
  return BANNED.filter((rule) => rule.pattern.test(code)).map(({ why }) => ({
    path,
    problem: `uses ${why}`,
  }));
}

/** Relative imports of `source`, resolved to paths relative to src/. */
export function importsOf(path: string, source: string): string[] {
  const specifiers = [...stripComments(source).matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map(
    (match) => match[1] as string,
  );
  return specifiers.map((specifier) =>
    posix.normalize(posix.join(posix.dirname(path), specifier)).replace(/\.js$/, '.ts'),
  );
}

/**
 * The folder of the types and errors a strategy may see (DESIGN.md section 3). A strategy imports
 * only the engine, other strategies and this folder; the folder imports only the engine and
 * itself, so nothing else reaches a strategy through it.
 */
export const PORT_FOLDER = 'components/port/';

function isInPortFolder(path: string): boolean {
  return path.startsWith(PORT_FOLDER);
}

export function findLayerViolations(path: string, source: string): Finding[] {
  const from = layerOf(path);
  if (from === undefined) return [{ path, problem: 'is not in any layer of DESIGN.md section 1' }];
  const findings: Finding[] = [];
  for (const target of importsOf(path, source)) {
    const to = layerOf(target);
    if (to === undefined || target.startsWith('..')) {
      findings.push({ path, problem: `imports ${target}, outside src/ layers` });
    } else if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
      findings.push({ path, problem: `imports ${target}: ${from} may not depend on ${to}, a higher layer` });
    } else if (from === 'strategies' && to !== 'engine' && to !== 'strategies' && !isInPortFolder(target)) {
      findings.push({
        path,
        problem: `imports ${target}: a strategy sees only its port (engine, ${PORT_FOLDER})`,
      });
    } else if (isInPortFolder(path) && to !== 'engine' && !isInPortFolder(target)) {
      findings.push({
        path,
        problem: `imports ${target}: the port imports only the engine and ${PORT_FOLDER}`,
      });
    }
  }
  return findings;
}

/**
 * The import cycles of a graph (file -> files it imports): each group of files that import one
 * another in a circle, as its sorted list of files, groups in order of their first file. Edges to
 * files outside the graph are ignored. Type-only imports count: files whose types need each other
 * cannot be read, moved or tested one at a time either.
 */
export function findImportCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components: one depth-first pass, each file visited once.
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  function visit(file: string): void {
    const index = order.size;
    order.set(file, index);
    lowest.set(file, index);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!order.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file) ?? index, lowest.get(target) ?? index));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file) ?? index, order.get(target) ?? index));
      }
    }
    if (lowest.get(file) !== index) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    const importsItself = (graph.get(file) ?? []).includes(file);
    if (group.length > 1 || importsItself) cycles.push(group.sort());
  }

  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}
