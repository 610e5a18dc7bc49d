/**
 * Finding and reading scenario files: the bundled curriculum in scenarios/, or a path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { UsageError } from './cli-io.js';

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
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch {
    throw new UsageError(`cannot read scenario file ${file.path}; check the path`);
  }
  const result = loadScenario(text, file.name);
  if (!result.ok)
    throw new UsageError(result.problems.map((problem) => `${file.path}: ${problem}`).join('\nidemsim: '));
  return { scenario: result.scenario, text };
}

export function readScenarioNamed(reference: string): Scenario {
  return readScenario(findScenarioFile(reference));
}
