/**
 * `idemsim compare [scenario...]`: the main job, the trade-off table.
 */
import type { Command } from 'commander';
import { compare, expectationsHold, type Comparison } from '../../experiment/compare.js';
import { renderComparisonCsv } from '../../report/comparison-csv.js';
import { renderComparisonJson } from '../../report/comparison-json.js';
import { renderComparisonMarkdown } from '../../report/comparison-markdown.js';
import { renderComparisonTable } from '../../report/comparison-table.js';
import type { CliIo } from '../cli-io.js';
import { parsePaymentCount, parsePositiveInt, parseSeedCount } from '../option-parsers.js';
import { chosenFormat, emit } from '../output.js';
import { applyOverrides } from '../scenario-overrides.js';
import {
  bundledScenarioFiles,
  checkedForRun,
  findScenarioFile,
  notesOn,
  readScenario,
} from '../scenario-files.js';
import { pooledRun } from '../pooled-run.js';
import { resolveStrategies } from '../strategy-choice.js';

interface CompareFlags {
  readonly seeds?: number;
  readonly payments?: number;
  readonly strategies?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly markdown?: boolean;
  readonly out?: string;
  readonly jobs?: number;
}

export const EXIT_EXPECTATION_FAILED = 1;

export function registerCompareCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('compare')
    .description('run every strategy through scenarios over several seeds and print the trade-off table')
    .argument(
      '[scenario...]',
      'bundled scenario names or numbers, or paths to .yaml files (default: every bundled scenario)',
    )
    .option('--seeds <n>', "seeds per scenario (default: each scenario's own)", parseSeedCount)
    .option('--payments <n>', 'payment intents per run (overrides the scenarios)', parsePaymentCount)
    .option(
      '--strategies <list>',
      'comma-separated strategies to compare: built-in names or paths to your own .ts/.js files (default: all built-in)',
    )
    .option('--json', 'print the comparison as JSON (a stable contract, see README)')
    .option('--csv', 'print one CSV row per scenario and strategy')
    .option('--markdown', 'print Markdown tables')
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option(
      '--jobs <n>',
      'worker threads to run on (default: one per core; 1 runs in this thread)',
      parsePositiveInt,
    )
    .addHelpText(
      'after',
      '\nRead each row as: how often the strategy charged twice (D), lost a payment (L), charged a\n' +
        'client it told had failed (F), replayed a wrong answer (W) or left a client stuck (S), and\n' +
        "what that safety costs in errors and latency. Exit code 1 when a scenario's stated\n" +
        'expectation did not hold.\n\n' +
        'Examples:\n  idemsim compare\n  idemsim compare 02 03 --seeds 20\n  idemsim compare --strategies none --json --out result.json\n' +
        '  idemsim compare 02 --strategies redis-setnx,./my-strategy.ts',
    )
    .action(async (references: string[], flags: CompareFlags) => {
      const format = chosenFormat(flags);
      const chosen = await resolveStrategies(flags.strategies);
      const strategies = chosen.map(({ strategy }) => strategy);
      const files = references.length === 0 ? bundledScenarioFiles() : undefined;
      const scenarios = (files ?? references.map(findScenarioFile))
        .map((file) => checkedForRun(file, readScenario(file), strategies, notesOn(io)))
        .map((scenario) => applyOverrides(scenario, flags));
      const options = {
        strategies: chosen,
        jobs: flags.jobs,
        label: 'comparing',
      };
      const comparison = await pooledRun(
        { ...options, seriesCount: scenarios.length * strategies.length },
        ({ runner, onProgress }) =>
          compare({
            scenarios,
            strategies,
            ...(flags.seeds === undefined ? {} : { seedCount: flags.seeds }),
            ...(runner === undefined ? {} : { runner }),
            onProgress,
          }),
      );
      emit(io, render(comparison, format, io.colour && flags.out === undefined), flags.out);
      if (!expectationsHold(comparison)) setExitCode(EXIT_EXPECTATION_FAILED);
    });
}

function render(comparison: Comparison, format: ReturnType<typeof chosenFormat>, colour: boolean): string {
  switch (format) {
    case 'json':
      return renderComparisonJson(comparison);
    case 'csv':
      return renderComparisonCsv(comparison);
    case 'markdown':
      return renderComparisonMarkdown(comparison);
    case 'table':
      return `${renderComparisonTable(comparison, { colour })}\n`;
  }
}
