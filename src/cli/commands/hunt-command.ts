/**
 * `idemsim hunt --strategy s`: a property-based search for the smallest world in which a
 * strategy charges twice (or breaks another property), printed as a scenario file to keep.
 */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { CoverageSummary } from '../../hunt/hunt-coverage.js';
import { DEFAULT_HUNT_RUNS, DEFAULT_SHRINK_RUNS, type HuntResult } from '../../hunt/hunt.js';
import { huntBaseScenario } from '../../hunt/hunt-base.js';
import { BUILT_IN_PROPERTIES } from '../../hunt/properties.js';
import { huntReport, renderHuntText, type HuntCommands } from '../../report/hunt-report.js';
import { parseDurationMs } from '../../scenario/units.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { isStrategyPath } from '../load-strategy-module.js';
import { scenarioPathArgument, shellWord } from '../replay-arguments.js';
import { parsePositiveInt, parseSeed } from '../option-parsers.js';
import { checkWritable, emit } from '../output.js';
import { progressOnStderr } from '../progress.js';
import { notesOn, readScenarioForRun } from '../scenario-files.js';
import { resolveStrategy } from '../strategy-choice.js';
import { strategies } from '../../strategies/registry.js';
import type { ShardSpec } from '../../experiment/shard-assignment.js';
import { writeHuntShard } from '../hunt-shard.js';
import { parseShard, SHARD_HELP } from '../shard-option.js';
import { coverageLines, coverageProgress } from '../hunt-coverage-text.js';
import { parseProperties } from '../hunt-properties.js';
import type { HuntRun, HuntTick } from '../hunt-run.js';
import { HUNT_JOBS_DEFAULT_HELP, huntOnThreads } from '../hunt-pool.js';

interface HuntFlags {
  readonly strategy: string;
  readonly scenario?: string;
  readonly property: string;
  readonly runs?: number;
  readonly time?: string;
  readonly seed: number;
  readonly shrinkRuns: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly shard?: ShardSpec;
  readonly jobs?: number;
}

export const EXIT_COUNTEREXAMPLE_FOUND = 1;

export function registerHuntCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('hunt')
    .description(
      'search for the smallest world in which a strategy charges twice (property-based, fast-check)',
    )
    .requiredOption(
      '-s, --strategy <name>',
      `strategy to hunt (${[...strategies.keys()].join(', ')}), or a path to your own .ts/.js file`,
    )
    .option(
      '--scenario <scenario>',
      'the base world to vary: bundled scenario name or number, or a .yaml file (default: healthy defaults)',
    )
    .option(
      '--property <list>',
      `what must hold, comma-separated: ${BUILT_IN_PROPERTIES.map((property) => property.name).join(', ')}, all, or a path to your own .ts/.js property`,
      'no-double-charge',
    )
    .option(
      '--runs <n>',
      `cases to try before giving up (default ${DEFAULT_HUNT_RUNS}; with --time, no limit)`,
      parsePositiveInt,
    )
    .option('--time <duration>', 'stop searching after this long, like "30s" (shrinking still finishes)')
    .option('--seed <n>', "the hunt's seed: the same seed and --runs give the same hunt", parseSeed, 1)
    .option(
      '--shrink-runs <n>',
      'runs the shrinking may spend before it keeps the smallest case so far (a count, not a time: the same on every machine)',
      parsePositiveInt,
      DEFAULT_SHRINK_RUNS,
    )
    .option('--out <file>', 'also write the counterexample to this scenario file')
    .option('--json', 'print the result as JSON')
    .option(
      '--jobs <n>',
      `worker threads to search on, each trying one block of the --runs cases, or with --time each its own seed from --seed up (default: ${HUNT_JOBS_DEFAULT_HELP}; 1 runs in this thread)`,
      parsePositiveInt,
    )
    .option('--shard <i/n>', `${SHARD_HELP} (each shard tries one block of the --runs cases)`, parseShard)
    .addHelpText(
      'after',
      [
        '',
        "The hunt varies payments, double submits, the client's timeout and retries, the provider's",
        "latency, the strategy's TTLs and leases, and up to 3 faults (pauses, crashes, crashes at an",
        'exact send or reply, cut links, Redis restarts and failovers), then shrinks what it finds to',
        "the smallest story. It keeps the client's key policy and the provider's key support from the",
        'base scenario: to hunt without provider keys, pass --scenario 17.',
        '',
        `Shrinking is bounded by runs (--shrink-runs, default ${DEFAULT_SHRINK_RUNS}), never by time, so the same`,
        '--seed and --runs give the same smallest case on any machine. With --time the search runs until',
        'the time is up, printing what it has tried so far (cases, fault kinds, settings) on a terminal,',
        'and the report ends with that coverage. With --time and --jobs n, n searches run side by side',
        'with seeds --seed to --seed+n-1; a find names its seed, and --seed k --runs r replays it.',
        '',
        'A strategy of your own runs on a worker thread: if its code runs 5 s without yielding back, or',
        'otherwise breaks the rules of the simulation, the hunt stops and says so in one line (exit 2).',
        '',
        'Exit codes: 0 nothing found within the budget; 1 a counterexample was found; 2 bad input (a',
        'broken strategy of your own included).',
        '',
        'Examples:',
        '  idemsim hunt --strategy redis-setnx',
        '  idemsim hunt --strategy db-atomic --time 30s',
        '  idemsim hunt --strategy db-atomic --scenario 17 --out residual-window.yaml',
        '  idemsim hunt --strategy ./my-strategy.ts --property all --seed 7',
        '  idemsim hunt --strategy db-atomic --property ./test/fixtures/user-property.ts',
      ].join('\n'),
    )
    .action(async (flags: HuntFlags) => {
      const properties = await parseProperties(flags.property);
      checkWritable(flags.out);
      const timeLimitMs = parseTime(flags.time);
      const strategy = await resolveStrategy(flags.strategy);
      const base =
        flags.scenario === undefined
          ? huntBaseScenario
          : readScenarioForRun(flags.scenario, [strategy], notesOn(io));
      const runs = flags.runs ?? (timeLimitMs === undefined ? DEFAULT_HUNT_RUNS : Number.MAX_SAFE_INTEGER);
      if (flags.shard !== undefined) {
        const run = { strategy: flags.strategy, base, property: flags.property, seed: flags.seed, runs };
        return writeHuntShard(io, { shard: flags.shard, run, strategy, properties, flags });
      }
      const progress = progressOnStderr('hunt:');
      const request = {
        strategyReference: flags.strategy,
        propertyList: flags.property,
        base,
        runs,
        seed: flags.seed,
        shrinkRuns: flags.shrinkRuns,
        ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
      };
      let hunted: HuntRun;
      try {
        hunted = await huntOnThreads(
          flags.jobs,
          request,
          strategy,
          properties,
          throttled((tick) => progress.show(progressText(tick, searchedMax(runs, timeLimitMs, flags.jobs)))),
        );
      } finally {
        progress.finish();
      }
      printHunt(
        io,
        hunted.result,
        flags,
        setExitCode,
        timeLimitMs === undefined ? undefined : hunted.coverage,
      );
    });
}

/** Prints a hunt's result as `idemsim hunt` does (and `idemsim merge` of hunt shards). */
export function printHunt(
  io: CliIo,
  result: HuntResult,
  flags: { readonly strategy: string; readonly out?: string; readonly json?: boolean },
  setExitCode: (code: number) => void,
  coverage?: CoverageSummary,
): void {
  const commands: HuntCommands = {
    scenarioPath: scenarioPathArgument(flags.out ?? `${result.found ? result.scenario.name : 'hunt'}.yaml`),
    strategyArgument: isStrategyPath(flags.strategy) ? shellWord(flags.strategy) : result.strategy,
    saved: flags.out !== undefined && result.found,
  };
  const report = huntReport(result, commands);
  if (result.found && flags.out !== undefined) emit(io, report.counterexample?.scenarioYaml ?? '', flags.out);
  if (flags.json === true) {
    io.out(`${JSON.stringify(coverage === undefined ? report : { ...report, coverage }, null, 2)}\n`);
  } else {
    io.out(renderHuntText(report, commands));
    if (coverage !== undefined) io.out(`\n${coverageLines(coverage).join('\n')}\n`);
  }
  if (result.found) setExitCode(EXIT_COUNTEREXAMPLE_FOUND);
}

/** Wall time between two progress lines, ms: a line per case would cost more than the case. */
const PROGRESS_EVERY_MS = 200;

function throttled(show: (tick: HuntTick) => void): (tick: HuntTick) => void {
  let lastMs = 0;
  return (tick) => {
    const nowMs = performance.now();
    if (nowMs - lastMs < PROGRESS_EVERY_MS) return;
    lastMs = nowMs;
    show(tick);
  };
}

/**
 * The most runs the search can make, for its progress line: --runs, or with --time and --jobs n
 * (a search per seed, each capped by --runs) n times that.
 */
export function searchedMax(runs: number, timeLimitMs: number | undefined, jobs: number | undefined): number {
  if (timeLimitMs === undefined || runs === Number.MAX_SAFE_INTEGER) return runs;
  return runs * (jobs ?? 1);
}

function progressText(tick: HuntTick, runs: number): string {
  if (tick.phase === 'shrink')
    return `hunt: found one; shrinking it, ${tick.runs} runs, ${tick.failures} smaller cases so far`;
  const searched = `hunt: searching, ${tick.runs}${runs === Number.MAX_SAFE_INTEGER ? '' : `/${runs}`} runs`;
  const line = `${searched}; ${coverageProgress(tick.coverage())}`;
  const width = process.stderr.columns ?? 80;
  return line.length < width ? line : `${line.slice(0, width - 2)}…`;
}

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--time: expected a duration like "30s" or "2m", got "${text}"`);
  return ms;
}
