/**
 * `idemsim validate <file...> [--strategies list]`: checks scenario files without running them.
 *
 * The settings of the built-in strategies are always checked; a user's strategy's settings are
 * checked when its file is given with --strategies. A section for a strategy that is neither is
 * refused: it cannot be checked, and "ok" must mean the whole file was.
 */
import type { Command } from 'commander';
import { UsageError, type CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT } from '../exit-codes.js';
import { findScenarioFile, validateScenarioFile } from '../scenario-files.js';
import { resolveStrategies } from '../strategy-choice.js';

interface ValidateFlags {
  readonly strategies?: string;
}

export function registerValidateCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('validate')
    .description('check scenario files: one line per problem, with its path in the file; exit 2 if any')
    .argument('<file...>', 'scenario files (paths, or bundled names)')
    .option(
      '--strategies <list>',
      "your own strategies' files (or built-in names), comma-separated, so their settings are checked too",
    )
    .addHelpText(
      'after',
      '\nA file that configures a strategy of your own (strategies: { my-strategy: ... }) is checked\n' +
        'only with that strategy given, since only its file says what its settings are.\n\n' +
        'Examples:\n  idemsim validate ./mine.yaml\n  idemsim validate ./mine.yaml --strategies ./my-strategy.ts',
    )
    .action(async (references: string[], flags: ValidateFlags) => {
      const given =
        flags.strategies === undefined
          ? []
          : (await resolveStrategies(flags.strategies)).map(({ strategy }) => strategy);
      // Every file is checked, so one run tells everything to fix rather than a file at a time.
      for (const reference of references) {
        try {
          const file = findScenarioFile(reference);
          const scenario = validateScenarioFile(file, given);
          io.out(
            `ok: ${file.path} (${scenario.name}: ${scenario.title}, ${scenario.faults.length} faults)\n`,
          );
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          io.err(`idemsim: ${error.message}\n`);
          setExitCode(EXIT_BAD_INPUT);
        }
      }
    });
}
