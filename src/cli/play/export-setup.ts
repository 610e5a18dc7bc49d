/**
 * "Export": the current setup as a scenario file, named after the file, its story saying what
 * was changed from the scenario it came from. It loads back to the setup that was run, so
 * `idemsim compare <file>` prints the table play showed. An existing file is kept unless the
 * user says to overwrite it; the file is written whole or not at all.
 */
import { basename } from 'node:path';
import { changeLine } from '../../report/setup-text.js';
import type { Parsed } from '../../scenario/knob.js';
import { changesOf, exportedScenario, scenarioNameFor, type PlaySetup } from '../../scenario/play-setup.js';
import { scenarioToYaml } from '../../scenario/scenario-file-writer.js';
import { UsageError } from '../cli-io.js';
import type { PlayDeps, PlayFiles } from './play-deps.js';

/** The path written, or undefined when the user kept an existing file. */
export async function exportSetup(deps: PlayDeps, setup: PlaySetup): Promise<string | undefined> {
  const { prompter } = deps;
  const path = await prompter.input({
    message: 'Save this setup as:',
    default: `${setup.base.name}-play.yaml`,
    parse: (text) => parseExportPath(text, deps.files),
  });
  if (
    deps.files.exists(path) &&
    !(await prompter.confirm({ message: `${path} exists. Overwrite it?`, default: false }))
  ) {
    prompter.say('Not written; the file is as it was.\n');
    return undefined;
  }
  const scenario = exportedScenario(setup, {
    name: scenarioNameFor(basename(path)),
    changeLines: changesOf(setup).map(changeLine),
  });
  try {
    deps.files.write(path, scenarioToYaml(scenario));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    prompter.say(`Not written: ${error.message}\n`);
    return undefined;
  }
  prompter.say(
    `Wrote ${path} (scenario ${scenario.name}).\n  check it: idemsim validate ${path}\n  run it:   idemsim compare ${path}\n`,
  );
  return path;
}

export function parseExportPath(text: string, files: PlayFiles): Parsed<string> {
  const path = text.trim();
  if (!/\.ya?ml$/i.test(path))
    return { ok: false, problem: 'expected a file name ending in .yaml, like my-setup.yaml' };
  const problem = files.problemWith(path);
  return problem === undefined ? { ok: true, value: path } : { ok: false, problem };
}
