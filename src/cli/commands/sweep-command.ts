/**
 * `idemsim sweep <scenario> --vary field=from..to`: one scenario across a range of one setting,
 * drawn as charts against it (or --csv, --json).
 */
import type { Command } from 'commander';
import type { Sweep } from '../../experiment/sweep.js';
import { renderSweepChart } from '../../report/sweep-chart.js';
import { renderSweepCsv } from '../../report/sweep-csv.js';
import { renderSweepJson } from '../../report/sweep-json.js';
import { planSweep, type SweepPlan } from '../../scenario/sweep-plan.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { parsePaymentCount, parsePositiveInt, parseSeedCount } from '../option-parsers.js';
import { checkWritable, chosenFormat, emit } from '../output.js';
import { applyOverrides } from '../scenario-overrides.js';
import { checkedForRun, findScenarioFile, notesOn, readScenarioSource } from '../scenario-files.js';
import type { Strategy } from '../../strategies/strategy.js';
import { pooledSweep } from '../pooled-run.js';
import { resolveStrategies } from '../strategy-choice.js';
import type { ShardSpec } from '../../experiment/shard-assignment.js';
import { refuseFormatWithShard, sweepRunSpec, writeSeriesShard } from '../series-shard.js';
import { parseShard, SHARD_HELP } from '../shard-option.js';
import { JOBS_DEFAULT_HELP } from '../series-pool.js';
import { parseSteps, parseVaryOption } from '../vary-option.js';

interface SweepFlags {
  readonly vary: string;
  readonly steps: number;
  readonly seeds?: number;
  readonly payments?: number;
  readonly strategies?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly out?: string;
  readonly jobs?: number;
  readonly shard?: ShardSpec;
}

const DEFAULT_STEPS = 8;

const HELP_AFTER = `
Runs the scenario once per value of one setting, every strategy over the same seeds at each
value, and draws three charts against the setting, one line per strategy: the double-charge
rate, the client error rate and the p99 latency. The numbers are printed under each chart.

The field is a path in the scenario file, written as in the YAML:
  strategies.redis-setnx.lockTtl   client.timeout          client.retry.attempts
  provider.latency.median          workload.payments       faults[0].duration
A strategy's setting is any numeric one of its defaults, a built-in strategy's or your own's
when its file is in --strategies. A field the file leaves out is added (it starts from the
default). Values take the file's units: 1s..60s and 250ms..5s for durations (a bare number is
ms), 5/s..50/s for rates, 64kb..1mb for sizes, 1..8 for counts. --steps n runs n evenly spaced values, both ends
included; whole-number settings stay whole and repeats are dropped.

Examples:
  idemsim sweep 05 --vary strategies.redis-setnx.lockTtl=1s..8s --strategies redis-setnx,db-atomic
  idemsim sweep 05 --vary 'faults[0].duration=500ms..6s' --steps 12
  idemsim sweep 02 --vary client.timeout=250ms..3s --seeds 4 --csv --out timeout.csv
  idemsim sweep ./mine.yaml --vary client.retry.attempts=1..8 --json
  idemsim sweep 04 --vary strategies.my-strategy.claimTtl=1s..20s --strategies ./my-strategy.ts`;

export function registerSweepCommand(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description(
      'run one scenario across a range of one setting and chart double charges, errors and p99 latency against it',
    )
    .argument('<scenario>', 'a bundled scenario name or number, or a path to a .yaml file')
    .requiredOption(
      '--vary <field=from..to>',
      'the setting to vary and its range, like strategies.redis-setnx.lockTtl=1s..60s',
    )
    .option('--steps <n>', 'how many values, evenly spaced, both ends included', parseSteps, DEFAULT_STEPS)
    .option(
      '--strategies <list>',
      'comma-separated strategies: built-in names or paths to your own .ts/.js files (default: all built-in)',
    )
    .option('--seeds <n>', "seeds at each value (default: the scenario's own)", parseSeedCount)
    .option('--payments <n>', 'payment intents per run (overrides the scenario)', parsePaymentCount)
    .option('--json', 'print the sweep as JSON (a stable contract, see README)')
    .option('--csv', 'print one CSV row per value and strategy')
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option(
      '--jobs <n>',
      `worker threads to run on (default: ${JOBS_DEFAULT_HELP}; 1 runs in this thread)`,
      parsePositiveInt,
    )
    .option('--shard <i/n>', SHARD_HELP, parseShard)
    .addHelpText('after', HELP_AFTER)
    .action(async (reference: string, flags: SweepFlags) => {
      const format = chosenFormat(flags);
      checkWritable(flags.out);
      const chosen = await resolveStrategies(flags.strategies);
      const strategies = chosen.map(({ strategy }) => strategy);
      const plan = planFrom(reference, flags, strategies, io);
      const points = plan.points.map((point) => ({
        ...point,
        scenario: applyOverrides(point.scenario, flags),
      }));
      if (flags.shard !== undefined) {
        refuseFormatWithShard(flags);
        const body = { command: 'sweep' as const, run: sweepRunSpec(plan, points, chosen, flags.seeds) };
        return writeSeriesShard(io, {
          shard: flags.shard,
          body,
          strategies: chosen,
          jobs: flags.jobs,
          out: flags.out,
        });
      }
      const result = await pooledSweep({ ...plan, points }, chosen, flags);
      emit(io, render(result, format, io.colour && flags.out === undefined), flags.out);
    });
}

/**
 * Every value checked through the loader, and the strategies' settings read, before anything runs.
 * `option` names the flag that gave the range in messages (`report` calls it --sweep).
 */
export function planFrom(
  reference: string,
  flags: Pick<SweepFlags, 'vary' | 'steps' | 'payments'>,
  strategies: readonly Strategy[],
  io: CliIo,
  option = '--vary',
): SweepPlan {
  const vary = parseVaryOption(flags.vary);
  const file = findScenarioFile(reference);
  const { scenario, text } = readScenarioSource(file);
  checkedForRun(file, scenario, strategies, notesOn(io));
  const planned = planSweep(text, file.name, { ...vary, steps: flags.steps }, strategies);
  if (!planned.ok) throw new UsageError(`${option} ${planned.problem}`);
  if (flags.payments !== undefined && planned.plan.field === 'workload.payments') {
    throw new UsageError(
      `--payments and ${option} workload.payments both set the payments per run; drop --payments`,
    );
  }
  return planned.plan;
}

export function render(result: Sweep, format: ReturnType<typeof chosenFormat>, colour: boolean): string {
  switch (format) {
    case 'json':
      return renderSweepJson(result);
    case 'csv':
      return renderSweepCsv(result);
    case 'markdown':
    case 'table':
      return renderSweepChart(result, { colour });
  }
}
