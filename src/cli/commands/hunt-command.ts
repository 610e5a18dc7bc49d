/**
 * `idemsim hunt --strategy s`: a property-based search for the smallest world in which a
 * strategy charges twice (or breaks another property), printed as a scenario file to keep.
 */
import type { Command } from 'commander';
import { DEFAULT_HUNT_RUNS, hunt, type HuntProgress, type HuntResult } from '../../hunt/hunt.js';
import { huntBaseScenario } from '../../hunt/hunt-base.js';
import { BUILT_IN_PROPERTIES, builtInProperty, type HuntProperty } from '../../hunt/properties.js';
import { huntReport, renderHuntText, type HuntCommands } from '../../report/hunt-report.js';
import { parseDurationMs } from '../../scenario/units.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { isStrategyPath } from '../load-strategy-module.js';
import { loadPropertyModule } from '../load-property-module.js';
import { scenarioPathArgument, shellWord } from '../replay-arguments.js';
import { isModulePath } from '../user-module.js';
import { parsePositiveInt, parseSeed } from '../option-parsers.js';
import { checkWritable, emit } from '../output.js';
import { progressOnStderr } from '../progress.js';
import { notesOn, readScenarioForRun } from '../scenario-files.js';
import { resolveStrategy } from '../strategy-choice.js';
import { strategies } from '../../strategies/registry.js';
import type { ShardSpec } from '../../experiment/shard-assignment.js';
import { writeHuntShard } from '../hunt-shard.js';
import { parseShard, SHARD_HELP } from '../shard-option.js';

interface HuntFlags {
  readonly strategy: string;
  readonly scenario?: string;
  readonly property: string;
  readonly runs?: number;
  readonly time?: string;
  readonly seed: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly shard?: ShardSpec;
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
    .option('--out <file>', 'also write the counterexample to this scenario file')
    .option('--json', 'print the result as JSON')
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
        'Exit codes: 0 nothing found within the budget; 1 a counterexample was found; 2 bad input.',
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
      const result = await hunt({
        base,
        strategy,
        properties,
        runs,
        seed: flags.seed,
        ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
        onRun: (step) => progress.show(progressText(step, runs)),
      });
      progress.finish();
      printHunt(io, result, flags, setExitCode);
    });
}

/** Prints a hunt's result as `idemsim hunt` does (and `idemsim merge` of hunt shards). */
export function printHunt(
  io: CliIo,
  result: HuntResult,
  flags: { readonly strategy: string; readonly out?: string; readonly json?: boolean },
  setExitCode: (code: number) => void,
): void {
  const commands: HuntCommands = {
    scenarioPath: scenarioPathArgument(flags.out ?? `${result.found ? result.scenario.name : 'hunt'}.yaml`),
    strategyArgument: isStrategyPath(flags.strategy) ? shellWord(flags.strategy) : result.strategy,
    saved: flags.out !== undefined && result.found,
  };
  const report = huntReport(result, commands);
  if (result.found && flags.out !== undefined) emit(io, report.counterexample?.scenarioYaml ?? '', flags.out);
  io.out(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderHuntText(report, commands));
  if (result.found) setExitCode(EXIT_COUNTEREXAMPLE_FOUND);
}

function progressText(step: HuntProgress, runs: number): string {
  if (step.phase === 'search')
    return `hunt: searching, ${step.runs}${runs === Number.MAX_SAFE_INTEGER ? '' : `/${runs}`} runs`;
  return `hunt: found one; shrinking it, ${step.runs} runs, ${step.failures} smaller cases so far`;
}

/** Built-in names, `all`, or paths to the user's own property modules, comma-separated. */
export async function parseProperties(list: string): Promise<HuntProperty[]> {
  if (list.trim() === 'all') return [...BUILT_IN_PROPERTIES];
  const properties: HuntProperty[] = [];
  for (const reference of list.split(',').map((name) => name.trim())) {
    if (isModulePath(reference)) {
      properties.push(await loadPropertyModule(reference));
      continue;
    }
    const property = builtInProperty(reference);
    if (property === undefined) {
      throw new UsageError(
        `unknown property "${reference}": use ${BUILT_IN_PROPERTIES.map((known) => known.name).join(', ')}, all, or a path to your own .ts/.js file`,
      );
    }
    properties.push(property);
  }
  return properties;
}

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--time: expected a duration like "30s" or "2m", got "${text}"`);
  return ms;
}
