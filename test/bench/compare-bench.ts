/**
 * Wall and CPU time of the default `idemsim compare` (every bundled scenario, every built-in
 * strategy, each scenario's own seeds), as `node bin/idemsim.js compare` runs it: the built CLI
 * (dist/, so `npm run build` first) in a child process (timed-compare.mjs), with its default
 * --jobs (one worker per core; this thread on 2 cores or fewer) and with `--jobs 1`. CPU time counts every thread of that process; with the load average it tells a
 * slow machine from a slow run, since on a shared machine the wall time is only as good as the
 * load beside it.
 *
 * Then where the time goes: the same comparison once more in this process, one run at a time,
 * each run's simulation and its judging (checkers, metrics, summary) timed apart and added up per
 * strategy and per scenario, beside the time the CLI takes to load its modules. These are shares
 * of one measurement (from the sources, under tsx), not the built CLI's seconds. The comparison
 * then runs a second time in the same process: what the first pass took beyond the second is the
 * JIT warming up (V8 compiling the simulator's hot paths), which every fresh `idemsim compare` pays.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundledScenarioFiles, readScenario } from '../../src/cli/scenario-files.js';
import { defaultPoolSize } from '../../src/cli/series-pool.js';
import { compare, type SeriesJob } from '../../src/experiment/compare.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun, type RunSummary } from '../../src/experiment/run-summary.js';
import { summarizeSeries, type SeriesSummary } from '../../src/experiment/series-summary.js';
import { clientLatenciesMs, finalityDurationsMs } from '../../src/metrics/finality.js';
import { strategies } from '../../src/strategies/registry.js';

/** What issue 14 asks of the default comparison: interactive, under 5 s wall. */
const TARGET_SECONDS = 5;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Timing {
  readonly wallS: number;
  readonly cpuS: number;
  /** Importing the CLI's modules, before the comparison starts. */
  readonly importS: number;
}

/** Runs the built CLI's compare in a child process (timed-compare.mjs), which reports its own wall and CPU time. */
function builtCompare(args: readonly string[]): Timing {
  const helper = fileURLToPath(new URL('./timed-compare.mjs', import.meta.url));
  const entry = new URL('dist/cli/main.js', `file://${ROOT}`).href;
  const child = spawnSync(process.execPath, [helper, entry, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`built compare ${args.join(' ')} failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout) as Timing & { code: number };
  if (result.code !== 0) throw new Error(`idemsim compare ${args.join(' ')} exited ${result.code}`);
  return result;
}

/** Seconds spent, by what they were spent on. */
interface Breakdown {
  readonly byStrategy: Map<string, number>;
  readonly byScenario: Map<string, number>;
  simulateS: number;
  judgeS: number;
  runs: number;
}

function add(into: Map<string, number>, key: string, seconds: number): void {
  into.set(key, (into.get(key) ?? 0) + seconds);
}

/** One series as runSeries runs it, each run's simulation and judging timed apart. */
async function timedSeries(job: SeriesJob, breakdown: Breakdown): Promise<SeriesSummary> {
  const runs: RunSummary[] = [];
  const latenciesMs: number[] = [];
  const finalitiesMs: number[] = [];
  for (const seed of job.seeds) {
    const started = performance.now();
    const outcome = await runExperiment({
      scenario: job.scenario,
      strategy: job.strategy,
      seed,
      trace: false,
    });
    const simulated = performance.now();
    runs.push(summarizeRun(outcome));
    for (const ms of clientLatenciesMs(outcome.history)) latenciesMs.push(ms);
    for (const ms of finalityDurationsMs(outcome.history, outcome.ledger)) finalitiesMs.push(ms);
    const judgeS = (performance.now() - simulated) / 1000;
    const simulateS = (simulated - started) / 1000;
    breakdown.simulateS += simulateS;
    breakdown.judgeS += judgeS;
    breakdown.runs++;
    add(breakdown.byStrategy, job.strategy.name, simulateS + judgeS);
    add(breakdown.byScenario, job.scenario.name, simulateS + judgeS);
  }
  const started = performance.now();
  const summary = summarizeSeries(job.strategy.name, { runs, latenciesMs, finalitiesMs });
  breakdown.judgeS += (performance.now() - started) / 1000;
  return summary;
}

/** The comparison in this thread, one series at a time, each run timed. */
async function whereTheTimeGoes(): Promise<Breakdown> {
  const breakdown: Breakdown = {
    byStrategy: new Map(),
    byScenario: new Map(),
    simulateS: 0,
    judgeS: 0,
    runs: 0,
  };
  let previous = Promise.resolve();
  const inTurn = (job: SeriesJob): Promise<SeriesSummary> => {
    const result = previous.then(() => timedSeries(job, breakdown));
    previous = result.then(() => undefined);
    return result;
  };
  await compare({
    scenarios: bundledScenarioFiles().map(readScenario),
    strategies: [...strategies.values()],
    runner: inTurn,
  });
  return breakdown;
}

/** The newest modification time under a folder, ms. */
function newestMs(folder: string): number {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/** `name 1.2s (12%)` lines, largest first, at most `limit`. */
function shares(seconds: Map<string, number>, total: number, limit: number): string[] {
  return [...seconds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(
      ([name, spent]) =>
        `    ${name.padEnd(40)} ${spent.toFixed(2)}s (${((spent / total) * 100).toFixed(0)}%)`,
    );
}

export async function benchCompare(): Promise<string[]> {
  const stale = newestMs(join(ROOT, 'dist')) < newestMs(join(ROOT, 'src'));
  const loadBefore = load();
  const threads = builtCompare([]);
  const one = builtCompare(['--jobs', '1']);
  const jobs = defaultPoolSize();
  const verdict = threads.wallS <= TARGET_SECONDS ? 'ok' : `ABOVE TARGET ${TARGET_SECONDS}s`;
  const lines = [
    `compare: the default comparison, built CLI (load average ${loadBefore} before, ${load()} after)`,
    ...(stale
      ? ['  WARNING: dist/ is older than src/: run `npm run build` first, or this measures old code']
      : []),
    `  default (--jobs ${jobs}${jobs === 1 ? ': this thread, on this machine' : ''}): ${threads.wallS.toFixed(1)}s wall (${verdict}), ${threads.cpuS.toFixed(1)}s CPU`,
    `  one thread:     ${one.wallS.toFixed(1)}s wall, ${one.cpuS.toFixed(1)}s CPU, of which ${one.importS.toFixed(1)}s loading the CLI's modules`,
  ];
  const breakdown = await whereTheTimeGoes();
  const total = breakdown.simulateS + breakdown.judgeS;
  const again = await whereTheTimeGoes();
  const warmS = again.simulateS + again.judgeS;
  const percent = (seconds: number): string => `${((seconds / total) * 100).toFixed(0)}%`;
  lines.push(
    `  where the time goes: ${breakdown.runs} runs, ${total.toFixed(1)}s in this thread (from the sources)`,
    `    simulating ${breakdown.simulateS.toFixed(1)}s (${percent(breakdown.simulateS)}), judging and summarising ${breakdown.judgeS.toFixed(1)}s (${percent(breakdown.judgeS)})`,
    `    the JIT warming up: ${(total - warmS).toFixed(1)}s (${percent(total - warmS)}); the same runs again in this process took ${warmS.toFixed(1)}s`,
    '  by strategy:',
    ...shares(breakdown.byStrategy, total, Infinity),
    '  by scenario (the five largest):',
    ...shares(breakdown.byScenario, total, 5),
  );
  return lines;
}
