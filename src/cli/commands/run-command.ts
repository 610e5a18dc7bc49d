/**
 * `idemsim run [scenario]`: one scenario, one strategy, one seed, in detail.
 */
import type { Command } from 'commander';
import { runExperiment, type ExperimentInput, type Outcome } from '../../experiment/run-experiment.js';
import { summarizeRun } from '../../experiment/run-summary.js';
import { firstHarmedPayment } from '../../report/payment-story.js';
import { renderRunText } from '../../report/run-text.js';
import { formatDuration } from '../../scenario/units.js';
import { strategies } from '../../strategies/registry.js';
import type { CliIo } from '../cli-io.js';
import { parsePaymentCount, parseSeed } from '../option-parsers.js';
import { applyOverrides } from '../scenario-overrides.js';
import { notesOn, readScenarioForRun } from '../scenario-files.js';
import { progressOnStderr } from '../progress.js';
import { resolveStrategy } from '../strategy-choice.js';
import { createSeriesPool } from '../series-pool.js';
import { isModulePath } from '../user-module.js';
import { resolveTraceOption } from '../trace-option.js';
import { growHeapByThreeQuarters } from '../heap-growth.js';
import { traceFileWriter, traceWriter, type TraceWriter } from '../trace-writer.js';
import { replayArguments, scenarioArgument } from '../replay-arguments.js';

interface RunFlags {
  readonly strategy: string;
  readonly seed?: number;
  readonly payments?: number;
  readonly json?: boolean;
  /** true: the trace on standard output; a path: the trace into that file, and the summary as usual. */
  readonly trace?: boolean | string;
}

export function registerRunCommand(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run one scenario with one strategy and one seed, and show what happened to the money')
    .argument(
      '[scenario]',
      'bundled scenario name or number, or a path to a .yaml file',
      '02-client-timeout-retry',
    )
    .option(
      '-s, --strategy <name>',
      `strategy to run (${[...strategies.keys()].join(', ')}), or a path to your own .ts/.js file`,
      'none',
    )
    .option(
      '--seed <n>',
      "seed for this run (default: the scenario's own); the same seed replays the same run",
      parseSeed,
    )
    .option('--payments <n>', 'number of payment intents (overrides the scenario)', parsePaymentCount)
    .option('--json', 'print the summary as JSON')
    .option(
      '--trace [file.jsonl]',
      'print the full event trace as JSON lines instead of the summary, or stream it into a .jsonl file and print the summary',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  idemsim run\n  idemsim run 03 --seed 7 --payments 100\n  idemsim run ./my-scenario.yaml --strategy none\n  idemsim run 03 --strategy ./my-strategy.ts\n  idemsim run --trace | grep psp.charge\n  idemsim run 01 --payments 100000 --trace trace.jsonl',
    )
    .action(async (defaultScenario: string, givenFlags: RunFlags, command: Command) => {
      const { trace, scenario: named } = resolveTraceOption(givenFlags.trace, command.args[0]);
      const scenarioName = named ?? defaultScenario;
      const flags: RunFlags = { ...givenFlags, ...(trace === undefined ? {} : { trace }) };
      const strategy = await resolveStrategy(flags.strategy);
      const scenario = applyOverrides(readScenarioForRun(scenarioName, [strategy], notesOn(io)), flags);
      const seed = flags.seed ?? scenario.seed;
      // The trace is kept only when asked for, and then streamed: a big run never holds it.
      const writer = traceWriterFor(flags.trace, io);
      const progress = progressOnStderr('run');
      // A run of many payments keeps hundreds of megabytes live: collect before the heap doubles them.
      growHeapByThreeQuarters();
      const outcome = await runOutcome(
        {
          scenario,
          strategy,
          seed,
          trace: writer !== undefined,
          ...(writer === undefined ? {} : { traceSink: writer.sink }),
          onProgress: ({ paymentsStarted, payments, elapsedMs, horizonMs }) =>
            progress.show(
              `run: ${paymentsStarted}/${payments} payments started, ${(elapsedMs / 1000).toFixed(1)}s of ${horizonMs / 1000}s simulated`,
            ),
        },
        flags.strategy,
      );
      progress.finish();
      writer?.finish();
      const ranMs = outcome.endMs - outcome.startMs;
      if (ranMs > scenario.horizonMs) {
        notesOn(io)(
          `note: the workload outlasted the ${formatDuration(scenario.horizonMs)} horizon, so the run went on to ${formatDuration(Math.ceil(ranMs / 1000) * 1000)} for every payment to finish`,
        );
      }
      if (flags.trace === true) return;
      const threw = outcome.strategyThrew === undefined ? {} : { strategyThrew: outcome.strategyThrew };
      const summary = summarizeRun(outcome);
      if (flags.json === true) return io.out(`${JSON.stringify({ ...summary, ...threw }, null, 2)}\n`);
      const args = replayArguments(flags.strategy, strategy, seed, flags.payments);
      const scenarioArg = scenarioArgument(scenarioName, scenario);
      const replay = `idemsim run ${scenarioArg} ${args}`;
      const harmed = firstHarmedPayment(summary);
      const explain =
        harmed === undefined ? undefined : `idemsim explain ${scenarioArg} ${args} --payment ${harmed}`;
      io.out(
        `${renderRunText(summary, { colour: io.colour, title: scenario.title, replay, faults: scenario.faults, ...threw, ...(explain === undefined ? {} : { explain }) })}\n`,
      );
    });
}

/**
 * A user's strategy runs on a worker, where a synchronous endless loop can be stopped
 * (series-pool.ts); its trace comes back whole and is handed to the sink afterwards, since a
 * sink and a progress line cannot cross the thread.
 */
async function runOutcome(input: ExperimentInput, reference: string): Promise<Outcome> {
  // Without a trace nothing will show an attempt: a built-in strategy's run keeps only what judging needs.
  if (!isModulePath(reference)) return runExperiment({ ...input, tallyOnly: input.trace === false });
  const { traceSink, onProgress: _progress, ...rest } = input;
  const pool = createSeriesPool(1, () => reference);
  try {
    const outcome = await pool.runOne(rest);
    if (traceSink !== undefined) for (const entry of outcome.trace) traceSink(entry);
    return outcome;
  } finally {
    await pool.close();
  }
}

function traceWriterFor(trace: boolean | string | undefined, io: CliIo): TraceWriter | undefined {
  if (trace === undefined || trace === false) return undefined;
  return trace === true ? traceWriter(io.out) : traceFileWriter(trace);
}
