/**
 * `idemsim play [scenario]`: the interactive session for workshops (see cli/play/play-session.ts).
 * Prompts read standard input and write standard output; Ctrl-C leaves with exit code 130.
 */
import type { Command } from 'commander';
import { UsageError, type CliIo } from '../cli-io.js';
import { parsePositiveInt } from '../option-parsers.js';
import { runPlaySession } from '../play/play-session.js';
import { notesOn, readScenarioForRun } from '../scenario-files.js';
import { createSeriesPool, defaultPoolSize, JOBS_DEFAULT_HELP } from '../series-pool.js';
import { resolveStrategies } from '../strategy-choice.js';

interface PlayFlags {
  readonly strategies?: string;
  readonly jobs?: number;
}

export function registerPlayCommand(program: Command, io: CliIo): void {
  program
    .command('play')
    .description(
      'interactive session for workshops: change timeouts, TTLs, faults; run; step through a double charge; export',
    )
    .argument(
      '[scenario]',
      'bundled scenario name or number, or a path to a .yaml file (default: choose from a list)',
    )
    .option(
      '--strategies <list>',
      "comma-separated strategies: built-in names or paths to your own .ts/.js files (default: all built-in); each one's settings become knobs",
    )
    .option(
      '--jobs <n>',
      `worker threads for the runs (default: ${JOBS_DEFAULT_HELP}; 1 runs in this thread)`,
      parsePositiveInt,
    )
    .addHelpText(
      'after',
      '\nMove with the arrow keys, choose with Enter, leave with Quit or Ctrl-C (exit code 130).\n' +
        'Needs a terminal: without one (input from a pipe or a file) it refuses with exit code 2.\n\n' +
        'Examples:\n  idemsim play\n  idemsim play 05\n  idemsim play ./my-setup.yaml --jobs 1\n' +
        '  idemsim play 05 --strategies redis-setnx,./my-strategy.ts',
    )
    .action(async (reference: string | undefined, flags: PlayFlags) => {
      // Read the arguments before anything interactive, so a wrong name is exit 2 with its reason.
      const chosen = await resolveStrategies(flags.strategies);
      const all = chosen.map(({ strategy }) => strategy);
      const start =
        reference === undefined
          ? undefined
          : { scenario: readScenarioForRun(reference, all, notesOn(io)), source: reference };
      const referenceOf = (name: string): string =>
        chosen.find(({ strategy }) => strategy.name === name)?.reference ?? name;
      // Without a terminal the prompts would wait for keys that never come.
      if (io.interactive !== true)
        throw new UsageError(
          'play asks questions and needs a terminal, but standard input is not one; for a script use idemsim compare',
        );
      const jobs = Math.min(flags.jobs ?? defaultPoolSize(), all.length);
      // Workers start once and serve every run of the session: later runs skip their start-up.
      const pool = jobs > 1 ? createSeriesPool(jobs, referenceOf) : undefined;
      try {
        // Loaded here, not with the CLI: the terminal prompts cost every other command start-up time.
        const { realPlayDeps } = await import('../play/real-play-deps.js');
        const deps = realPlayDeps({
          input: process.stdin,
          output: process.stdout,
          colour: io.colour,
          strategies: all,
          ...(pool === undefined ? {} : { runner: pool.runner }),
        });
        await runPlaySession(deps, start);
      } finally {
        await pool?.close();
      }
    });
}
