/**
 * The play session's outside world, for real: the bundled scenarios on disk, files written
 * whole, progress on stderr, and a prompter on the given terminal streams.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SeriesRunner } from '../../experiment/compare.js';
import type { Parsed } from '../../scenario/knob.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { Strategy } from '../../strategies/strategy.js';
import { UsageError } from '../cli-io.js';
import { writeWhole } from '../output.js';
import { progressOnStderr } from '../progress.js';
import { bundledScenarioFiles, readScenario, readScenarioForRun, type Note } from '../scenario-files.js';
import { inquirerPrompter, type TerminalStreams } from './inquirer-prompter.js';
import type { BundledScenario, PlayDeps, PlayFiles } from './play-deps.js';

export interface RealPlayOptions extends TerminalStreams {
  readonly strategies: readonly Strategy[];
  readonly runner?: SeriesRunner;
}

export function realPlayDeps(options: RealPlayOptions): PlayDeps {
  const prompter = inquirerPrompter(options);
  return {
    prompter,
    colour: options.colour,
    bundled: bundledWithTitles(),
    readScenario: (reference) =>
      readScenarioOrProblem(reference, options.strategies, (line) => prompter.say(`${line}\n`)),
    strategies: options.strategies,
    ...(options.runner === undefined ? {} : { runner: options.runner }),
    progress: progressOnStderr,
    files: realFiles,
  };
}

/** The scenario, its settings checked for a session with these strategies (see checkedForRun). */
export function readScenarioOrProblem(
  reference: string,
  strategies: readonly Strategy[] = [],
  note: Note = () => undefined,
): Parsed<Scenario> {
  try {
    return { ok: true, value: readScenarioForRun(reference, strategies, note) };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, problem: error.message };
    throw error;
  }
}

function bundledWithTitles(): BundledScenario[] {
  return bundledScenarioFiles().map((file) => {
    try {
      return { name: file.name, title: readScenario(file).title };
    } catch (error) {
      if (error instanceof UsageError)
        return { name: file.name, title: '(this file does not load; choose it to see why)' };
      throw error;
    }
  });
}

export const realFiles: PlayFiles = {
  problemWith(path) {
    const folder = dirname(resolve(path));
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      return `no folder ${dirname(path)} to write into`;
    if (existsSync(path) && statSync(path).isDirectory())
      return `${path} is a folder; give a file name inside it`;
    return undefined;
  },
  exists: (path) => existsSync(path),
  write: writeWhole,
};
