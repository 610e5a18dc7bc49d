/**
 * The command-line program: parses arguments, runs the command, maps errors to exit codes.
 *
 * Exit codes mean one thing each (EXIT_CODES_HELP): a script can tell "the design is unsafe"
 * from "my file is wrong" from "idemsim is broken". A user's strategy that breaks the
 * simulation's rules is bad input (2), not an internal error.
 */
import { Command, CommanderError } from 'commander';
import { BrokenStrategyError } from '../experiment/strategy-watch.js';
import { StrategyConfigError } from '../strategies/configure.js';
import { UsageError, type CliIo } from './cli-io.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerConformCommand } from './commands/conform-command.js';
import { registerExplainCommand } from './commands/explain-command.js';
import { registerHuntCommand } from './commands/hunt-command.js';
import { registerListCommand } from './commands/list-command.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerPlayCommand } from './commands/play-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { registerWebCommand } from './commands/web-command.js';
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED } from './exit-codes.js';

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('idemsim')
    .description(
      'Deterministic simulator of payment-API idempotency: can this design charge someone twice?\n' +
        'Every run is reproducible from its seed.',
    )
    .version('0.1.0')
    .option('--debug', 'on an internal error, print its stack trace')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)');
  registerCompareCommand(program, io, setExitCode);
  registerRunCommand(program, io);
  registerListCommand(program, io);
  registerValidateCommand(program, io, setExitCode);
  registerExplainCommand(program, io);
  registerSweepCommand(program, io);
  registerHuntCommand(program, io, setExitCode);
  registerPlayCommand(program, io);
  registerMergeCommand(program, io, setExitCode);
  registerReportCommand(program, io, setExitCode);
  registerConformCommand(program, io, setExitCode);
  registerWebCommand(program, io);
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
    io.err(internalErrorReport(error, argv));
    return EXIT_INTERNAL_ERROR;
  }
}

/**
 * What an internal error prints: one line saying what failed and where to report it, and the
 * stack only when asked (`--debug`), since a stack helps a maintainer but buries the line.
 */
export function internalErrorReport(error: unknown, argv: readonly string[]): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const command = argv.find((arg) => !arg.startsWith('-'));
  const line =
    `idemsim: internal error${command === undefined ? '' : ` in ${command}`} (a bug in idemsim, not in your input): ` +
    `${what.split('\n')[0]}; please report it to the idemsim maintainers with the command you ran` +
    `${argv.includes('--debug') ? ' and the stack below' : ' and what it prints with --debug'}\n`;
  if (!argv.includes('--debug')) return line;
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : what;
  return `${line}${stack}\n`;
}
