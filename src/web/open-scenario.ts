/**
 * Reading a scenario for the page as `idemsim compare` reads a file: the YAML loaded and checked,
 * then the settings of every built-in strategy checked, so a page run and a CLI run start from the
 * very same Scenario.
 */
import type { Parsed } from '../scenario/knob.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { checkStrategySections, knownStrategies } from '../scenario/strategy-settings.js';

/** `name` names the scenario when the file does not (the CLI uses the file's name the same way). */
export function openScenario(text: string, name: string): Parsed<Scenario> {
  const loaded = loadScenario(text, name);
  if (!loaded.ok) return { ok: false, problem: inFile(name, loaded.problems) };
  const { problems } = checkStrategySections(loaded.scenario, knownStrategies());
  if (problems.length > 0) return { ok: false, problem: inFile(name, problems) };
  return { ok: true, value: loaded.scenario };
}

function inFile(name: string, problems: readonly string[]): string {
  return problems.map((problem) => `${name}: ${problem}`).join('\n');
}

/** "my setup.yaml" → "my-setup.yaml"; a name without .yaml gets it. Empty when nothing is left. */
export function exportFileName(text: string): string {
  const base = text
    .trim()
    .replace(/\.ya?ml$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return base === '' ? '' : `${base}.yaml`;
}
