/**
 * `idemsim compare [scenario...]`: the main job, the trade-off table.
 */
import type { Command } from 'commander';
import type { Comparison } from '../../experiment/compare.js';
import { renderComparisonCsv } from '../../report/comparison-csv.js';
import { renderComparisonJson } from '../../report/comparison-json.js';
import { renderComparisonMarkdown } from '../../report/comparison-markdown.js';
import { renderComparisonTable } from '../../report/comparison-table.js';
import { comparisonThrowsLines } from '../../report/strategy-throws-text.js';
import type { CliIo } from '../cli-io.js';
import { reportMissedExpectations } from '../missed-expectations-exit.js';
import { parsePaymentCount, parsePositiveInt, parseSeedCount } from '../option-parsers.js';
import { checkWritable, chosenFormat, emit } from '../output.js';
import { applyOverrides } from '../scenario-overrides.js';
import {
  bundledScenarioFiles,
  checkedForRun,
  findScenarioFile,
  notesOn,
  readScenario,
} from '../scenario-files.js';
import { pooledComparison } from '../pooled-run.js';
import { resolveStrategies } from '../strategy-choice.js';
import type { ShardSpec } from '../../experiment/shard-assignment.js';
import { refuseFormatWithShard, writeSeriesShard } from '../series-shard.js';
import { parseShard, SHARD_HELP } from '../shard-option.js';
import { JOBS_DEFAULT_HELP } from '../series-pool.js';

interface CompareFlags {
  readonly seeds?: number;
  readonly payments?: number;
  readonly strategies?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly markdown?: boolean;
  readonly out?: string;
  readonly jobs?: number;
  readonly shard?: ShardSpec;
}

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
      `worker threads to run on (default: ${JOBS_DEFAULT_HELP}; 1 runs in this thread)`,
      parsePositiveInt,
    )
    .option('--shard <i/n>', SHARD_HELP, parseShard)
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
      checkWritable(flags.out);
      const chosen = await resolveStrategies(flags.strategies);
      const strategies = chosen.map(({ strategy }) => strategy);
      const files = references.length === 0 ? bundledScenarioFiles() : undefined;
      const scenarios = (files ?? references.map(findScenarioFile))
        .map((file) => checkedForRun(file, readScenario(file), strategies, notesOn(io)))
        .map((scenario) => applyOverrides(scenario, flags));
      if (flags.shard !== undefined) {
        refuseFormatWithShard(flags);
        const run = {
          scenarios,
          strategies: chosen.map(({ reference }) => reference),
          seedCount: flags.seeds ?? null,
        };
        const body = { command: 'compare' as const, run };
        return writeSeriesShard(io, {
          shard: flags.shard,
          body,
          strategies: chosen,
          jobs: flags.jobs,
          out: flags.out,
        });
      }
      const comparison = await pooledComparison(scenarios, chosen, flags);
      const throws = comparisonThrowsLines(comparison);
      const rendered = render(comparison, format, io.colour && flags.out === undefined);
      // What a user's strategy threw: under the table, a field in JSON, a note on stderr otherwise.
      const withThrows =
        format === 'table' && throws.length > 0 ? `${rendered}\n${throws.join('\n')}\n` : rendered;
      emit(io, withThrows, flags.out);
      if (format === 'csv' || format === 'markdown') for (const line of throws) io.err(`idemsim: ${line}\n`);
      reportMissedExpectations(io, comparison, setExitCode);
    });
}

export function render(
  comparison: Comparison,
  format: ReturnType<typeof chosenFormat>,
  colour: boolean,
): string {
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
