/**
 * Finding and reading scenario files: the bundled curriculum in scenarios/, or a path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { checkStrategySections, knownStrategies } from '../scenario/strategy-settings.js';
import type { Strategy } from '../strategies/strategy.js';
import { UsageError, type CliIo } from './cli-io.js';

/** scenarios/ at the package root (this file is at src/cli or dist/cli). */
export const BUNDLED_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface ScenarioFile {
  /** File name without extension ("02-client-timeout-retry"). */
  readonly name: string;
  readonly path: string;
}

export function bundledScenarioFiles(): ScenarioFile[] {
  return readdirSync(BUNDLED_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ name: basename(file, extname(file)), path: resolve(BUNDLED_DIR, file) }));
}

/** Whether a scenario reference names a file ("./my.yaml", "tmp/x") rather than a bundled scenario. */
export function isScenarioPath(reference: string): boolean {
  return reference.includes('/') || /\.ya?ml$/.test(reference);
}

/**
 * A path ("./my.yaml"), or a bundled scenario by file name ("02-client-timeout-retry"), by name
 * without its number ("client-timeout-retry"), or by number ("02").
 */
export function findScenarioFile(reference: string): ScenarioFile {
  if (isScenarioPath(reference)) {
    const path = resolve(reference);
    return { name: basename(path, extname(path)), path };
  }
  const bundled = bundledScenarioFiles();
  const found = bundled.find(
    (file) =>
      file.name === reference ||
      file.name.replace(/^\d+-/, '') === reference ||
      file.name.split('-')[0] === reference,
  );
  if (found === undefined) {
    throw new UsageError(
      `no scenario "${reference}"; bundled: ${bundled.map((file) => file.name).join(', ')} (or give a path to a .yaml file)`,
    );
  }
  return found;
}

export function readScenario(file: ScenarioFile): Scenario {
  return readScenarioSource(file).scenario;
}

/** The scenario and the text it was read from (a sweep edits the text's fields). */
export function readScenarioSource(file: ScenarioFile): {
  readonly scenario: Scenario;
  readonly text: string;
} {
  const text = readScenarioText(file);
  const result = loadScenario(text, file.name);
  if (!result.ok) throw new UsageError(inFile(file, result.problems));
  return { scenario: result.scenario, text };
}

function readScenarioText(file: ScenarioFile): string {
  try {
    return readFileSync(file.path, 'utf8');
  } catch {
    throw new UsageError(`cannot read scenario file ${file.path}; check the path`);
  }
}

export function readScenarioNamed(reference: string): Scenario {
  return readScenario(findScenarioFile(reference));
}

/** Tells the user something on the side and goes on: one line, without its newline. */
export type Note = (line: string) => void;

/** Notes on stderr, named like every other line the program prints there. */
export function notesOn(io: CliIo): Note {
  return (line) => io.err(`idemsim: ${line}\n`);
}

/**
 * The scenario as a run with these strategies will read it. The settings of every strategy known
 * here (the built-in ones and the run's) are read now, so a bad one is bad input before anything
 * runs. A section or expectation naming a strategy that is neither is noted and passed over: the
 * file may be meant for a user's strategy this run does not include.
 */
export function checkedForRun(
  file: ScenarioFile,
  scenario: Scenario,
  strategies: readonly Strategy[],
  note: Note,
): Scenario {
  const { problems, unknown } = checkStrategySections(scenario, knownStrategies(strategies));
  if (problems.length > 0) throw new UsageError(inFile(file, problems));
  for (const path of unknown) {
    const [section, name] = splitSection(path);
    const unused = section === 'expect' ? 'not checked' : 'not used';
    note(
      `note: ${file.path}: ${path}: no strategy "${name}" is built in or in this run, so this is ${unused} (to run it, give its file)`,
    );
  }
  return scenario;
}

/** `readScenarioNamed`, checked for a run with these strategies (see checkedForRun). */
export function readScenarioForRun(reference: string, strategies: readonly Strategy[], note: Note): Scenario {
  const file = findScenarioFile(reference);
  return checkedForRun(file, readScenario(file), strategies, note);
}

/**
 * For `validate`: every problem of the file, the settings of the built-in strategies and the given
 * ones included. A section naming a strategy that is neither cannot be checked, so it is a problem
 * too: "ok" promises the whole file was checked.
 */
export function validateScenarioFile(file: ScenarioFile, strategies: readonly Strategy[]): Scenario {
  const result = loadScenario(readScenarioText(file), file.name);
  const scenario = result.ok ? result.scenario : result.rest;
  const loadProblems = result.ok ? [] : result.problems;
  if (scenario === undefined) throw new UsageError(inFile(file, loadProblems));
  const { problems, unknown } = checkStrategySections(scenario, knownStrategies(strategies));
  const unchecked = unknown.map((path) => {
    const name = splitSection(path)[1];
    return `${path}: no built-in strategy "${name}", and no --strategies file gives it; to check this, give its file: --strategies ./its-file.ts`;
  });
  const all = [...loadProblems, ...problems, ...unchecked];
  if (all.length > 0) throw new UsageError(inFile(file, all));
  return scenario;
}

function splitSection(path: string): [string, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}

/** One line per problem, each naming the file; main() prints the first "idemsim: ". */
function inFile(file: ScenarioFile, problems: readonly string[]): string {
  return problems.map((problem) => `${file.path}: ${problem}`).join('\nidemsim: ');
}
