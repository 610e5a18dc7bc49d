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
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED } from './exit-codes.js';

type SetExitCode = (code: number) => void;
type Registrar = (program: Command, io: CliIo, setExitCode: SetExitCode) => void;

/**
 * Each command's module, in the order help lists them, loaded only when needed: all of them
 * (hunt's fast-check, conform's database clients, play's prompts) cost the default compare about
 * 0.1 s of its start-up, for commands it never runs.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Registrar>>> = {
  compare: async () => (await import('./commands/compare-command.js')).registerCompareCommand,
  run: async () => (await import('./commands/run-command.js')).registerRunCommand,
  list: async () => (await import('./commands/list-command.js')).registerListCommand,
  validate: async () => (await import('./commands/validate-command.js')).registerValidateCommand,
  explain: async () => (await import('./commands/explain-command.js')).registerExplainCommand,
  sweep: async () => (await import('./commands/sweep-command.js')).registerSweepCommand,
  hunt: async () => (await import('./commands/hunt-command.js')).registerHuntCommand,
  play: async () => (await import('./commands/play-command.js')).registerPlayCommand,
  merge: async () => (await import('./commands/merge-command.js')).registerMergeCommand,
  report: async () => (await import('./commands/report-command.js')).registerReportCommand,
  conform: async () => (await import('./commands/conform-command.js')).registerConformCommand,
  web: async () => (await import('./commands/web-command.js')).registerWebCommand,
};

/**
 * The program with the command `argv` names, or with every command when it names none (help, a
 * mistyped name: those list or suggest them all).
 */
export async function buildProgram(
  io: CliIo,
  setExitCode: SetExitCode,
  argv: readonly string[] = [],
): Promise<Command> {
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
  const named = argv.find((arg) => !arg.startsWith('-'));
  const names = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const registrars = await Promise.all(names.map((name) => (COMMANDS[name] as () => Promise<Registrar>)()));
  for (const register of registrars) register(program, io, setExitCode);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  try {
    const program = await buildProgram(
      io,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    await program.parseAsync([...argv], { from: 'user' });
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
