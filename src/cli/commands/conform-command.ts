/**
 * `idemsim conform [scenario...]`: checks the store models against real servers, on the
 * schedules the simulator itself produces (src/conformance/).
 */
import type { Command } from 'commander';
import { renderConformanceJson } from '../../conformance/conformance-json.js';
import { renderConformanceText } from '../../conformance/conformance-text.js';
import { huntWorlds } from '../../conformance/hunt-worlds.js';
import {
  type ConformanceRow,
  firstDivergence,
  runConformance,
  storesUsed,
  type StoreUnderCheck,
} from '../../conformance/run-conformance.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { Strategy } from '../../strategies/strategy.js';
import { strategies as builtIns } from '../../strategies/registry.js';
import { type CliIo, UsageError } from '../cli-io.js';
import type { RunningServer } from '../conform/conform-stores.js';
import { EXIT_EXPECTATION_FAILED, EXIT_INTERRUPTED } from '../exit-codes.js';
import { parsePositiveInt, parseSeed, parseSeedCount } from '../option-parsers.js';
import { progressOnStderr } from '../progress.js';
import {
  bundledScenarioFiles,
  checkedForRun,
  findScenarioFile,
  notesOn,
  readScenario,
} from '../scenario-files.js';
import { createSeriesPool, type SeriesPool } from '../series-pool.js';
import { type ChosenStrategy, resolveStrategies } from '../strategy-choice.js';
import { isModulePath } from '../user-module.js';

interface ConformFlags {
  readonly strategies?: string;
  readonly seeds?: number;
  readonly pg?: string;
  readonly redis?: string;
  readonly json?: boolean;
  readonly worlds?: number;
  readonly seed?: number;
}

const HELP_AFTER = `
What it does: runs each strategy through each scenario in the simulator, recording every
statement the simulated PostgreSQL received (per connection, in arrival order), its answer, which
statement waited for which transaction, and which connections died. It then replays each
schedule on a real PostgreSQL 15, one real connection per simulated one, on a fresh database,
and checks that every answer (rows, row count, command tag, SQLSTATE) matches, that a statement
the model made wait really blocks on the same transaction (pg_blocking_pids) and one it did not
answers at once, that a crashed client's transaction is rolled back, and that the final tables
match. Values the model cannot mirror (timestamps from the wall clock, row order without ORDER
BY) are normalised by named rules, counted in the output.

Servers: without --pg it starts a throw-away PostgreSQL 15 (initdb in a temp directory, a free
loopback port, as the postgres user when run as root) and deletes it afterwards. With --pg it
uses your server (a role that may CREATE DATABASE) and drops each database it made there.

With --worlds N it replays, per strategy, N worlds drawn from the hunt's space for it (faults,
workloads, client policies, settings; the first N cases of \`idemsim hunt --seed S\`'s stream),
named world-S-1 ... world-S-N, one seed each: schedules no bundled scenario makes.

Exit code 1 when the real server answered otherwise than the model (the first divergence is
printed with the schedule around it); 2 on bad input or a server it cannot reach or start.

Examples:
  idemsim conform
  idemsim conform 03 04 --seeds 5
  idemsim conform --strategies db-naive --pg postgresql://postgres@127.0.0.1:5432/postgres
  idemsim conform --json > conformance.json
  idemsim conform --worlds 20 --seed 7 --strategies db-naive`;

export function registerConformCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('conform')
    .description(
      'check the PostgreSQL and Redis models against real servers, on the schedules the simulator produces',
    )
    .argument(
      '[scenario...]',
      'bundled scenario names or numbers, or .yaml paths (default: every bundled scenario)',
    )
    .option(
      '--strategies <list>',
      'comma-separated strategies (default: the built-in ones whose own code uses PostgreSQL or Redis)',
    )
    .option('--seeds <n>', "seeds per scenario (default: each scenario's own)", parseSeedCount)
    .option('--pg <url>', 'replay on this PostgreSQL instead of starting a throw-away one')
    .option(
      '--redis <url>',
      'replay Redis commands on this Redis (its database must be empty) instead of starting throw-away redis-servers',
    )
    .option(
      '--worlds <n>',
      "instead of the scenarios: n worlds per strategy drawn from the hunt's space (faults, workloads, client policies), one seed each",
      parsePositiveInt,
    )
    .option('--seed <n>', 'with --worlds: the seed that draws them (default 1)', parseSeed)
    .option('--json', 'print the result as JSON (for CI)')
    .addHelpText('after', HELP_AFTER)
    .action(async (references: string[], flags: ConformFlags) => {
      if (flags.worlds !== undefined && references.length > 0)
        throw new UsageError('--worlds draws its own worlds: leave the scenario names out');
      const scenarios = readScenarios(references, io);
      const chosen = await chosenStrategies(flags.strategies, scenarios);
      const notes: string[] = [];
      const pool = userStrategyPool(chosen);
      const running = await startServers(flags).catch(async (error: unknown) => {
        await pool?.close();
        throw error;
      });
      const stopAll = () =>
        Promise.all([
          pool?.close(),
          ...running.map(async ({ store, server }) => {
            await store.replayer.close().catch(() => {});
            await server.stop();
          }),
        ]);
      const interrupted = () => {
        void stopAll().finally(() => process.exit(EXIT_INTERRUPTED));
      };
      process.once('SIGINT', interrupted);
      const progress = progressOnStderr('conforming');
      try {
        const runs = await conformanceRuns(flags, scenarios, chosen);
        const rows: ConformanceRow[] = [];
        for (const [index, run] of runs.entries()) {
          const part = await runConformance({
            ...run,
            ...(pool === undefined ? {} : { runExperiment: pool.runOne }),
            ...(flags.seeds === undefined ? {} : { seedCount: flags.seeds }),
            stores: running.map(({ store }) => store),
            onProgress: (done, total) => progress.update(index * total + done, runs.length * total),
          });
          rows.push(...part.rows);
        }
        const conformance = { rows };
        progress.finish();
        io.out(
          flags.json === true
            ? renderConformanceJson(conformance, notes)
            : renderConformanceText(conformance, notes),
        );
        if (firstDivergence(conformance) !== undefined) setExitCode(EXIT_EXPECTATION_FAILED);
      } finally {
        progress.finish();
        process.removeListener('SIGINT', interrupted);
        await stopAll();
      }
    });
}

/**
 * What to run: the scenarios with every chosen strategy, or with --worlds each strategy on worlds
 * drawn from its own hunt space (the space depends on what the strategy touches).
 */
async function conformanceRuns(
  flags: ConformFlags,
  scenarios: readonly Scenario[],
  chosen: readonly ChosenStrategy[],
): Promise<Array<{ scenarios: readonly Scenario[]; strategies: readonly Strategy[] }>> {
  const strategies = chosen.map(({ strategy }) => strategy);
  if (flags.worlds === undefined) return [{ scenarios, strategies }];
  const worlds = flags.worlds;
  return Promise.all(
    strategies.map(async (strategy) => ({
      scenarios: await huntWorlds(strategy, worlds, flags.seed ?? 1),
      strategies: [strategy],
    })),
  );
}

function readScenarios(references: readonly string[], io: CliIo): Scenario[] {
  const files = references.length === 0 ? bundledScenarioFiles() : references.map(findScenarioFile);
  return files.map((file) => checkedForRun(file, readScenario(file), [], notesOn(io)));
}

/** The named ones; by default the built-ins whose own code sends statements to PostgreSQL or commands to Redis. */
async function chosenStrategies(
  list: string | undefined,
  scenarios: readonly Scenario[],
): Promise<ChosenStrategy[]> {
  if (list !== undefined) return resolveStrategies(list);
  const probe = scenarios[0];
  if (probe === undefined) return [];
  const chosen: ChosenStrategy[] = [];
  for (const strategy of builtIns.values())
    if ((await storesUsed(strategy, probe)).length > 0) chosen.push({ strategy, reference: strategy.name });
  return chosen;
}

/**
 * A user's strategy runs on a worker, as in `run` and `compare`: only there can a synchronous
 * endless loop be stopped (series-pool.ts). Its outcome, schedules included, comes back as data;
 * the replays stay on this thread. Built-ins run here.
 */
function userStrategyPool(chosen: readonly ChosenStrategy[]): SeriesPool | undefined {
  if (!chosen.some(({ reference }) => isModulePath(reference))) return undefined;
  const references = new Map(chosen.map(({ strategy, reference }) => [strategy.name, reference]));
  return createSeriesPool(1, (name) => references.get(name) ?? name);
}

interface Started {
  readonly store: StoreUnderCheck;
  readonly server: RunningServer;
}

/** One server per store, started in turn; if one cannot start, those already started stop. */
async function startServers(flags: ConformFlags): Promise<Started[]> {
  const started: Started[] = [];
  // Loaded here, not with the CLI: the real PostgreSQL and Redis clients cost every other command
  // a few hundred milliseconds of start-up.
  const { CONFORM_STORES } = await import('../conform/conform-stores.js');
  try {
    for (const entry of CONFORM_STORES) {
      const url = entry.store === 'postgres' ? flags.pg : flags.redis;
      const server = await entry.serve(url);
      started.push({ store: { replayer: entry.replayer(), server: server.server }, server });
    }
    return started;
  } catch (error) {
    await Promise.all(started.map(({ server }) => server.stop()));
    throw error;
  }
}
