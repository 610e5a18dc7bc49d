/**
 * The command-line program: parses arguments, runs the command, maps errors to exit codes.
 *
 * Exit codes: 0 done; 1 an expectation did not hold; 2 bad input (a user's strategy that breaks
 * the simulation's rules is bad input too); 130 Ctrl-C at a prompt (play).
 */
import { Command, CommanderError } from 'commander';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import { StrategyConfigError } from '../strategies/configure.js';
import { UsageError, type CliIo } from './cli-io.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerExplainCommand } from './commands/explain-command.js';
import { registerHuntCommand } from './commands/hunt-command.js';
import { registerListCommand } from './commands/list-command.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerPlayCommand } from './commands/play-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';
import { registerValidateCommand } from './commands/validate-command.js';

export const EXIT_BAD_INPUT = 2;
/** 128 + SIGINT, as a shell reports a program stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('idemsim')
    .description(
      'Deterministic simulator of payment-API idempotency: can this design charge someone twice?\n' +
        'Every run is reproducible from its seed.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)');
  registerCompareCommand(program, io, setExitCode);
  registerRunCommand(program, io);
  registerListCommand(program, io);
  registerValidateCommand(program, io);
  registerExplainCommand(program, io);
  registerSweepCommand(program, io);
  registerHuntCommand(program, io, setExitCode);
  registerPlayCommand(program, io);
  registerMergeCommand(program, io, setExitCode);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram(io, (code) => {
      exitCode = code;
    }).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    // Commands check settings before running; this catches a run configured some other way.
    if (
      error instanceof UsageError ||
      error instanceof StrategyConfigError ||
      error instanceof BrokenStrategyError
    ) {
      io.err(`idemsim: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    // Ctrl-C at a prompt: inquirer throws this (matched by name: it is not our class to import).
    if (error instanceof Error && error.name === 'ExitPromptError') return EXIT_INTERRUPTED;
    throw error;
  }
}
