/**
 * `idemsim explain <scenario>`: the story of one payment, as narrated text, a Mermaid sequence
 * diagram or JSON. By default the first payment that went wrong.
 */
import type { Command } from 'commander';
import { runExperiment } from '../../experiment/run-experiment.js';
import { summarizeRun } from '../../experiment/run-summary.js';
import { renderMermaid, renderMermaidNote } from '../../report/mermaid.js';
import { exposureLine, untouchedFaultLines } from '../../report/exposure-text.js';
import { renderNarration } from '../../report/narration.js';
import { firstHarmedPayment, hasPayment, paymentStory, paymentVerdict } from '../../report/payment-story.js';
import { strategies } from '../../strategies/registry.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { parsePaymentCount, parseSeed } from '../option-parsers.js';
import { applyOverrides } from '../scenario-overrides.js';
import { notesOn, readScenarioForRun } from '../scenario-files.js';
import { resolveStrategy } from '../strategy-choice.js';
import { replayArguments, scenarioArgument } from '../replay-arguments.js';

const FORMATS = ['text', 'mermaid', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ExplainFlags {
  readonly strategy: string;
  readonly seed?: number;
  readonly payment?: string;
  readonly payments?: number;
  readonly format: string;
}

export function registerExplainCommand(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description('tell the story of one payment (by default the first that went wrong), step by step')
    .argument('<scenario>', 'bundled scenario name or number, or a path to a .yaml file')
    .option(
      '-s, --strategy <name>',
      `strategy to run (${[...strategies.keys()].join(', ')}), or a path to your own .ts/.js file`,
      'none',
    )
    .option('--seed <n>', "seed for this run (default: the scenario's own)", parseSeed)
    .option('--payment <id>', 'the payment to explain, e.g. pay-03 (default: the first that went wrong)')
    .option(
      '--payments <n>',
      'number of payment intents (overrides the scenario, as in run)',
      parsePaymentCount,
    )
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  idemsim explain 02 --seed 5\n  idemsim explain 02 --payment pay-03 --format mermaid',
    )
    .action(async (scenarioName: string, flags: ExplainFlags) => {
      const format = parseFormat(flags.format);
      const strategy = await resolveStrategy(flags.strategy);
      const scenario = applyOverrides(readScenarioForRun(scenarioName, [strategy], notesOn(io)), flags);
      const seed = flags.seed ?? scenario.seed;
      const outcome = await runExperiment({ scenario, strategy, seed });
      const summary = summarizeRun(outcome);
      const payment = flags.payment ?? firstHarmedPayment(summary);
      const untouched = untouchedFaultLines(summary.exposure, scenario.faults, strategy.name);
      const exposureNote = [exposureLine(summary.exposure, strategy.name), ...untouched]
        .map((line) => `${line}\n`)
        .join('');
      if (payment === undefined) {
        const nothing = `no payment went wrong in ${scenario.name} with strategy ${strategy.name} and seed ${seed}`;
        if (format === 'text') return io.out(`${nothing}\n${exposureNote}`);
        // A healthy run is an answer, not an error: a script piping this still gets its format
        // (and exit 0), and a person reads the sentence on stderr.
        io.err(`${nothing}\n${exposureNote}`);
        return io.out(
          format === 'mermaid'
            ? `${renderMermaidNote(nothing)}\n`
            : `${JSON.stringify({ scenario: scenario.name, strategy: strategy.name, seed, payment: null, verdict: null, steps: [] }, null, 2)}\n`,
        );
      }
      if (!hasPayment(outcome, payment)) {
        const ids = outcome.history.intents.map((intent) => intent.intentId);
        throw new UsageError(
          `no payment "${payment}" in this run (ids run ${ids[0] ?? '(none)'} to ${ids[ids.length - 1] ?? '(none)'})`,
        );
      }
      const steps = paymentStory(outcome, payment);
      const verdict = paymentVerdict(outcome, summary, payment);
      if (format === 'mermaid') return io.out(`${renderMermaid(steps)}\n`);
      if (format === 'json') {
        return io.out(
          `${JSON.stringify({ scenario: scenario.name, strategy: strategy.name, seed, payment, verdict, steps }, null, 2)}\n`,
        );
      }
      const replay = `idemsim explain ${scenarioArgument(scenarioName, scenario)} ${replayArguments(flags.strategy, strategy, seed, flags.payments)} --payment ${payment}`;
      io.out(
        `${renderNarration({ scenario: scenario.name, strategy: strategy.name, seed, payment, verdict, replay, startMs: outcome.startMs }, steps)}\n${untouched.length === 0 ? '' : `\n${untouched.join('\n')}\n`}`,
      );
    });
}

function parseFormat(value: string): Format {
  const format = FORMATS.find((candidate) => candidate === value);
  if (format === undefined)
    throw new UsageError(`unknown format "${value}": use one of ${FORMATS.join(', ')}`);
  return format;
}
