/**
 * The arguments that reproduce a run, for the replay and explain lines commands print. They must
 * run as printed, from where the user ran the command: a scenario or strategy the user gave as a
 * file is named by that path (its name alone would be looked up among the bundled ones), and a
 * word the shell would split or expand is quoted.
 */
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { isStrategyPath } from './load-strategy-module.js';
import { isScenarioPath } from './scenario-files.js';

/** `--strategy x --seed n [--payments n]`: a user's strategy by its file, since its name alone would not be found. */
export function replayArguments(
  strategyReference: string,
  strategy: Strategy,
  seed: number,
  payments: number | undefined,
): string {
  const strategyArgument = isStrategyPath(strategyReference) ? shellWord(strategyReference) : strategy.name;
  return `--strategy ${strategyArgument} --seed ${seed}${payments === undefined ? '' : ` --payments ${payments}`}`;
}

/** The scenario as given: a file by its path, a bundled one by its full name ("04" -> "04-crash-after-charge"). */
export function scenarioArgument(reference: string, scenario: Scenario): string {
  return isScenarioPath(reference) ? shellWord(reference) : scenario.name;
}

/** A file the user will save a scenario to, as a path the commands read as one ("cx" -> "./cx"). */
export function scenarioPathArgument(path: string): string {
  return shellWord(isScenarioPath(path) ? path : `./${path}`);
}

/** The word as a POSIX shell reads it back: bare when it is only safe characters, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
