/**
 * The command-line program: parses arguments, runs the command, maps errors to exit codes.
 *
 * Exit codes: 0 done; 1 an expectation did not hold; 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { UsageError, type CliIo } from './cli-io.js';
import { registerRunCommand } from './commands/run-command.js';

export const EXIT_BAD_INPUT = 2;

export function buildProgram(io: CliIo): Command {
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
  registerRunCommand(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    if (error instanceof UsageError) {
      io.err(`idemsim: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
