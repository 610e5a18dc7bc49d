/**
 * `idemsim merge shard-*.json`: joins the shard files of one sharded compare, sweep or hunt and
 * prints what the unsharded command prints, with the same output options and exit code.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { assembleComparison } from '../../experiment/compare.js';
import { joinShards, type JoinedShards, type NamedShard } from '../../experiment/merge-shards.js';
import { seedsFrom } from '../../experiment/scenario-seeds.js';
import { sweepFrom } from '../../experiment/sweep.js';
import { huntSpace } from '../../hunt/derive-space.js';
import { describeFound, type HuntResult } from '../../hunt/hunt.js';
import type { HuntCase } from '../../hunt/hunt-case.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { chosenFormat, emit } from '../output.js';
import { resolveStrategy } from '../strategy-choice.js';
import { render as renderComparison } from './compare-command.js';
import { reportMissedExpectations } from '../missed-expectations-exit.js';
import { parseProperties } from '../hunt-properties.js';
import { printHunt } from './hunt-command.js';
import { render as renderSweep } from './sweep-command.js';

interface MergeFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly markdown?: boolean;
  readonly out?: string;
}

const HELP_AFTER = `
Give every shard file of one run (--shard 1/n ... n/n): merge refuses, with exit code 2, a set
with a shard missing or given twice, or shards run with different options or another idemsim.
Output options and exit codes are those of the command the shards ran:
  compare  --json, --csv, --markdown, --out file; exit 1 when an expectation did not hold
  sweep    --json, --csv, --out file
  hunt     --json; --out file also writes the counterexample there; exit 1 when one was found
A compare or sweep shard runs whole series (one strategy, one scenario, all its seeds), so the
merged numbers are the unsharded ones. A hunt shard tries one block of the same case stream the
unsharded hunt walks and stops at its first failure there; merge reports the failure that comes
first in the stream, which is the one the unsharded hunt finds, shrunk the same way.

Example (a CI matrix of 3 machines, then one merge job):
  idemsim compare --shard 2/3 --out shard-2.json
  idemsim merge shard-*.json --markdown --out comparison.md`;

export function registerMergeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('merge')
    .description('join the shard files of a sharded compare, sweep or hunt and print the unsharded result')
    .argument('<shard-file...>', 'the JSON files the shards wrote (--shard i/n)')
    .option('--json', 'print the result as JSON')
    .option('--csv', 'print CSV (compare, sweep)')
    .option('--markdown', 'print Markdown tables (compare)')
    .option('--out <file>', 'write the result to a file instead of stdout (hunt: the counterexample)')
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], flags: MergeFlags) => {
      const format = chosenFormat(flags);
      const joined = joinShards(paths.map(readShard));
      if (!joined.ok) throw new UsageError(`merge: ${joined.problem}`);
      await printJoined(io, joined.joined, flags, format, setExitCode);
    });
}

function readShard(path: string): NamedShard {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`merge: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return { name: path, data: JSON.parse(text) };
  } catch {
    throw new UsageError(`merge: ${path} is not an idemsim shard file (not JSON)`);
  }
}

async function printJoined(
  io: CliIo,
  joined: JoinedShards,
  flags: MergeFlags,
  format: ReturnType<typeof chosenFormat>,
  setExitCode: (code: number) => void,
): Promise<void> {
  const colour = io.colour && flags.out === undefined;
  if (joined.command === 'hunt') {
    if (format === 'csv' || format === 'markdown')
      throw new UsageError(`merge: hunt shards print as text or --json, not --${format}`);
    printHunt(io, await huntResult(joined), { ...flags, strategy: joined.run.strategy }, setExitCode);
    return;
  }
  const { run, series } = joined;
  const seedLists = run.scenarios.map((scenario) =>
    seedsFrom(scenario.seed, run.seedCount ?? scenario.seeds),
  );
  const comparison = assembleComparison(run.scenarios, run.strategies.length, seedLists, series);
  if (joined.command === 'compare') {
    emit(io, renderComparison(comparison, format, colour), flags.out);
    reportMissedExpectations(io, comparison, setExitCode);
    return;
  }
  if (format === 'markdown') throw new UsageError('merge: sweep shards print as a chart, --json or --csv');
  emit(io, renderSweep(sweepFrom(joined.run, comparison), format, colour), flags.out);
}

/** The hunt result the unsharded hunt returns: the earliest find, run again with its trace. */
async function huntResult(joined: Extract<JoinedShards, { command: 'hunt' }>): Promise<HuntResult> {
  const { run, outcome } = joined;
  const strategy = await resolveStrategy(run.strategy);
  const properties = await parseProperties(run.property);
  const common = {
    strategy: strategy.name,
    seed: run.seed,
    space: await huntSpace(strategy, run.base),
    properties,
  };
  if (!outcome.found)
    return { ...common, found: false, runs: outcome.runs, interrupted: outcome.interrupted };
  const { found: _found, huntCase, ...find } = outcome;
  return describeFound({ base: run.base, strategy }, common, { ...find, huntCase: huntCase as HuntCase });
}
