/**
 * `idemsim report [scenario...] --out report.html`: what `compare` prints, and the story of a
 * payment behind each harmed cell, and optionally a sweep's charts, as one self-contained HTML
 * file to attach to a pull request or put on a projector.
 */
import type { Command } from 'commander';
import type { Sweep } from '../../experiment/sweep.js';
import { harmedStories } from '../../report/harmed-stories.js';
import { renderHtmlReport } from '../../report/html-report.js';
import type { Scenario } from '../../scenario/scenario.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { reportMissedExpectations } from '../missed-expectations-exit.js';
import { parsePaymentCount, parsePositiveInt, parseSeedCount } from '../option-parsers.js';
import { checkWritable, writeWhole } from '../output.js';
import { pooledComparison, pooledSweep } from '../pooled-run.js';
import { reproduceCommands } from '../report-commands.js';
import { scenarioArgument } from '../replay-arguments.js';
import { applyOverrides } from '../scenario-overrides.js';
import {
  bundledScenarioFiles,
  checkedForRun,
  findScenarioFile,
  notesOn,
  readScenario,
} from '../scenario-files.js';
import { JOBS_DEFAULT_HELP } from '../series-pool.js';
import { resolveStrategies, type ChosenStrategy } from '../strategy-choice.js';
import { parseSteps } from '../vary-option.js';
import { planFrom } from './sweep-command.js';

interface ReportFlags {
  readonly out: string;
  readonly seeds?: number;
  readonly payments?: number;
  readonly strategies?: string;
  readonly jobs?: number;
  readonly sweep?: string;
  readonly steps: number;
}

const DEFAULT_STEPS = 8;

export function registerReportCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('report')
    .description(
      "write compare's tables, each harmed cell's payment story (diagram and text) and optional sweep charts as one HTML file",
    )
    .argument(
      '[scenario...]',
      'bundled scenario names or numbers, or paths to .yaml files (default: every bundled scenario)',
    )
    .requiredOption('--out <file>', 'the HTML file to write (self-contained: opens offline)')
    .option('--seeds <n>', "seeds per scenario (default: each scenario's own)", parseSeedCount)
    .option('--payments <n>', 'payment intents per run (overrides the scenarios)', parsePaymentCount)
    .option(
      '--strategies <list>',
      'comma-separated strategies: built-in names or paths to your own .ts/.js files (default: all built-in)',
    )
    .option(
      '--sweep <field=from..to>',
      "also sweep each named scenario across this setting and chart it (as sweep's --vary)",
    )
    .option('--steps <n>', 'with --sweep: how many values, both ends included', parseSteps, DEFAULT_STEPS)
    .option(
      '--jobs <n>',
      `worker threads to run on (default: ${JOBS_DEFAULT_HELP}; 1 runs in this thread)`,
      parsePositiveInt,
    )
    .addHelpText(
      'after',
      '\nThe page works from disk with no network: open it in a browser, attach it to a pull request,\n' +
        'print it. A harmed cell links to the story of one payment it harmed, told as `explain` tells\n' +
        "it; each table and story shows the command that reproduces it. Exit code 1 when a scenario's\n" +
        'stated expectation did not hold (the report is written all the same).\n\n' +
        'Examples:\n  idemsim report --out report.html\n  idemsim report 04 05 --seeds 20 --out crash.html\n' +
        '  idemsim report 05 --strategies redis-setnx,db-atomic --sweep strategies.redis-setnx.lockTtl=1s..8s --out lease.html',
    )
    .action(async (references: string[], flags: ReportFlags) => {
      checkWritable(flags.out);
      if (flags.sweep !== undefined && references.length === 0)
        throw new UsageError(
          '--sweep needs the scenario to sweep: name it, like idemsim report 05 --sweep ...',
        );
      const chosen = await resolveStrategies(flags.strategies);
      const strategies = chosen.map(({ strategy }) => strategy);
      const files = references.length === 0 ? bundledScenarioFiles() : references.map(findScenarioFile);
      const scenarios = files
        .map((file) => checkedForRun(file, readScenario(file), strategies, notesOn(io)))
        .map((scenario) => applyOverrides(scenario, flags));
      const plans = references.map((reference) =>
        flags.sweep === undefined
          ? undefined
          : planFrom(reference, { ...flags, vary: flags.sweep }, strategies, io, '--sweep'),
      );
      const comparison = await pooledComparison(scenarios, chosen, flags);
      const sweeps: Sweep[] = [];
      for (const plan of plans) if (plan !== undefined) sweeps.push(await runSweep(plan, chosen, flags));
      const harmed = await harmedStories({ comparison, scenarios, strategies });
      const commands = reproduceCommands({
        references,
        scenarioArguments: argumentsByName(references, scenarios),
        strategies: chosen,
        strategiesGiven: flags.strategies !== undefined,
        seeds: flags.seeds,
        payments: flags.payments,
        sweep: flags.sweep === undefined ? undefined : { vary: flags.sweep, steps: flags.steps },
        out: flags.out,
      });
      const html = renderHtmlReport({
        comparison,
        scenarioStories: Object.fromEntries(scenarios.map((scenario) => [scenario.name, scenario.story])),
        harmed,
        sweeps,
        commands,
      });
      writeWhole(flags.out, html);
      io.err(
        `wrote ${flags.out} (${formatBytes(Buffer.byteLength(html))}, ${harmed.length} stor${harmed.length === 1 ? 'y' : 'ies'} of harmed payments)\n`,
      );
      reportMissedExpectations(io, comparison, setExitCode);
    });
}

async function runSweep(
  plan: ReturnType<typeof planFrom>,
  chosen: readonly ChosenStrategy[],
  flags: ReportFlags,
): Promise<Sweep> {
  const points = plan.points.map((point) => ({ ...point, scenario: applyOverrides(point.scenario, flags) }));
  return pooledSweep({ ...plan, points }, chosen, flags);
}

/** A named scenario by the argument that named it (its path, for a file); bundled ones by name. */
function argumentsByName(references: readonly string[], scenarios: readonly Scenario[]): Map<string, string> {
  return new Map(
    references.flatMap((reference, index) => {
      const scenario = scenarios[index];
      return scenario === undefined ? [] : [[scenario.name, scenarioArgument(reference, scenario)] as const];
    }),
  );
}

/** "1.23 MB", "456 kB": the size a pull request's attachment limit is stated in. */
export function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}
