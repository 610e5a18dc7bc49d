/**
 * `idemsim validate <file...>`: checks scenario files without running them.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { findScenarioFile, readScenario } from '../scenario-files.js';

export function registerValidateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check scenario files: one line per problem, with its path in the file; exit 2 if any')
    .argument('<file...>', 'scenario files (paths, or bundled names)')
    .action((references: string[]) => {
      for (const reference of references) {
        const file = findScenarioFile(reference);
        const scenario = readScenario(file);
        io.out(`ok: ${file.path} (${scenario.name}: ${scenario.title}, ${scenario.faults.length} faults)\n`);
      }
    });
}
