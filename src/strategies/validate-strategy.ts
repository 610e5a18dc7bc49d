/**
 * Checks a strategy that came from outside (a user's module) before it runs: a value of unknown
 * shape in, the strategy or the list of what is wrong with it out.
 *
 * A type cannot protect a module loaded at run time, and a malformed one would otherwise fail deep
 * inside a simulation with a stack trace about the engine. So every member of `Strategy` is checked
 * here, and each problem is a predicate ("has no handle(...)") that reads after "the strategy".
 *
 * What it cannot check: that `handle` really returns a generator of effects (only calling it would
 * tell), and that the defaults suit the code. Those fail at run time, as a 500 or a setup error.
 */
import type { Strategy } from './strategy.js';

export type StrategyCheck =
  | { readonly ok: true; readonly strategy: Strategy }
  | { readonly ok: false; readonly problems: readonly string[] };

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Which member of a module to check: `strategy`, else the only export that looks like one. What is
 * wrong comes back as one clause ("the exported strategy has no summary (...); has no handle(...)").
 */
export function strategyFromExports(
  namespace: Readonly<Record<string, unknown>>,
  builtInNames: ReadonlySet<string>,
): StrategyCheck {
  const exports = unwrapCommonJs(namespace);
  const candidates =
    exports['strategy'] !== undefined
      ? [['strategy', exports['strategy']] as const]
      : Object.entries(exports).filter(([, value]) => looksLikeStrategy(value));
  const only = candidates[0];
  if (only === undefined) {
    return fail(
      'the module exports no strategy (an object with name, summary and handle); add `export const strategy = { ... }`',
    );
  }
  if (candidates.length > 1) {
    const names = candidates.map(([exportName]) => exportName).join(', ');
    return fail(`the module exports several strategies (${names}); export the one to run as \`strategy\``);
  }
  const check = validateStrategy(only[1], builtInNames);
  return check.ok ? check : fail(`the exported strategy ${check.problems.join('; ')}`);
}

/** The strategy, if every member has the type the interface asks for; else every problem found. */
export function validateStrategy(value: unknown, builtInNames: ReadonlySet<string>): StrategyCheck {
  if (!isRecord(value)) return fail(`is not an object (got ${describe(value)})`);
  const problems = [
    ...nameProblems(value['name'], builtInNames),
    ...textProblems(value),
    ...defaultsProblems(value['defaults']),
    ...methodProblems(value),
    ...workersProblems(value['workers']),
  ];
  return problems.length === 0
    ? { ok: true, strategy: value as unknown as Strategy }
    : { ok: false, problems };
}

/**
 * A TypeScript file outside a `"type": "module"` package is compiled to CommonJS, and then its
 * exports arrive inside `default` (all of them, `export default` included as `default.default`).
 */
function unwrapCommonJs(namespace: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const inner = namespace['default'];
  if (!isRecord(inner) || looksLikeStrategy(inner)) return namespace;
  const named = Object.entries(namespace).filter(([exportName]) => exportName !== 'default');
  return { ...inner, ...Object.fromEntries(named) };
}

/** Loose on purpose: enough to pick the intended export, so its real problems get reported. */
function looksLikeStrategy(value: unknown): boolean {
  return isRecord(value) && ('handle' in value || ('name' in value && 'summary' in value));
}

function nameProblems(name: unknown, builtInNames: ReadonlySet<string>): string[] {
  if (typeof name !== 'string')
    return [absentOrWrong('name', name, 'a kebab-case string', 'a kebab-case string like "my-strategy"')];
  if (!KEBAB_CASE.test(name))
    return [`has name ${JSON.stringify(name)}, which is not kebab-case (like "my-strategy")`];
  if (builtInNames.has(name))
    return [`has name "${name}", which a built-in strategy already uses; choose another`];
  return [];
}

/** The documentation members: `idemsim list` and the report print them, so they must be text. */
function textProblems(value: Readonly<Record<string, unknown>>): string[] {
  const members: ReadonlyArray<readonly [string, string]> = [
    ['summary', 'one line, what it does'],
    ['assumes', 'what it relies on being true'],
    ['breaksUnder', 'what breaks it'],
  ];
  return members
    .filter(([member]) => typeof value[member] !== 'string')
    .map(([member, what]) => absentOrWrong(member, value[member], 'a string', `a string: ${what}`));
}

function defaultsProblems(defaults: unknown): string[] {
  if (isRecord(defaults)) return [];
  return [absentOrWrong('defaults', defaults, 'an object', 'an object of settings, {} when there are none')];
}

function methodProblems(value: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  if (value['handle'] === undefined) problems.push('has no handle(request, ctx) generator method');
  else if (typeof value['handle'] !== 'function')
    problems.push(
      `has handle set to ${describe(value['handle'])}, not a handle(request, ctx) generator method`,
    );
  else problems.push(...asyncProblem('handle', value['handle']));
  for (const [member, signature] of [
    ['setup', 'setup(ctx)'],
    ['consume', 'consume(record, ctx)'],
  ] as const) {
    if (value[member] === undefined) continue;
    if (typeof value[member] !== 'function')
      problems.push(`has ${member} set to ${describe(value[member])}, not a ${signature} generator method`);
    else problems.push(...asyncProblem(member, value[member]));
  }
  const validateConfig = value['validateConfig'];
  if (validateConfig !== undefined && typeof validateConfig !== 'function') {
    problems.push(
      `has validateConfig set to ${describe(validateConfig)}, not a validateConfig(config) method returning problems`,
    );
  }
  return problems;
}

function workersProblems(workers: unknown): string[] {
  if (workers === undefined) return [];
  if (!Array.isArray(workers)) return [`has workers set to ${describe(workers)}, not an array`];
  return workers.flatMap((worker: unknown, index) => {
    if (!isRecord(worker))
      return [`has workers[${index}] that is not an object with a name and a run(ctx) generator method`];
    const problems: string[] = [];
    if (typeof worker['name'] !== 'string') problems.push(`has workers[${index}] without a name (a string)`);
    if (typeof worker['run'] !== 'function')
      problems.push(`has workers[${index}] without a run(ctx) generator method`);
    else problems.push(...asyncProblem(`workers[${index}].run`, worker['run']));
    return problems;
  });
}

/**
 * An async function is the likeliest mistake (the simulator drives generators, not promises), and
 * the one that would otherwise fail most obscurely, so it gets its own message.
 */
function asyncProblem(member: string, fn: unknown): string[] {
  const kind = (fn as { constructor?: { name?: unknown } }).constructor?.name;
  if (kind !== 'AsyncFunction' && kind !== 'AsyncGeneratorFunction') return [];
  return [
    `has an async ${member}; write it as a generator (*${member.replace(/^workers\[\d+\]\./, '')}) and yield* each port call`,
  ];
}

/** "has no summary (a string: ...)" when it is missing, "has summary set to a number, not a string" when wrong. */
function absentOrWrong(member: string, value: unknown, kind: string, whatItIs: string): string {
  if (value === undefined) return `has no ${member} (${whatItIs})`;
  return `has ${member} set to ${describe(value)}, not ${kind}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function fail(problem: string): StrategyCheck {
  return { ok: false, problems: [problem] };
}
