/**
 * Wall and CPU time of the default `idemsim compare` (every bundled scenario, every built-in
 * strategy, each scenario's own seeds), as `node bin/idemsim.js compare` runs it: the built CLI
 * (dist/, so `npm run build` first) in a child process (timed-compare.mjs), on worker threads and with `--jobs 1`. CPU
 * time counts every thread of that process; with the load average it tells a slow machine from a
 * slow run, since on a shared machine the wall time is only as good as the load beside it. Then,
 * in this process, the one-thread comparison again with each series timed and added up per
 * strategy: what dominates.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundledScenarioFiles, readScenario } from '../../src/cli/scenario-files.js';
import { compare, type SeriesJob } from '../../src/experiment/compare.js';
import { runSeries } from '../../src/experiment/run-series.js';
import { strategies } from '../../src/strategies/registry.js';

const TARGET_SECONDS = 10;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Timing {
  readonly wallS: number;
  readonly cpuS: number;
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

/** The comparison in this thread, one series at a time, each timed: seconds per strategy. */
async function secondsByStrategy(): Promise<Map<string, number>> {
  const byStrategy = new Map<string, number>();
  let previous = Promise.resolve();
  const inTurn = (job: SeriesJob): ReturnType<typeof runSeries> => {
    const result = previous.then(async () => {
      const started = performance.now();
      const summary = await runSeries(job);
      byStrategy.set(
        job.strategy.name,
        (byStrategy.get(job.strategy.name) ?? 0) + (performance.now() - started) / 1000,
      );
      return summary;
    });
    previous = result.then(() => undefined);
    return result;
  };
  await compare({
    scenarios: bundledScenarioFiles().map(readScenario),
    strategies: [...strategies.values()],
    runner: inTurn,
  });
  return byStrategy;
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

export async function benchCompare(): Promise<string[]> {
  const stale = newestMs(join(ROOT, 'dist')) < newestMs(join(ROOT, 'src'));
  const loadBefore = load();
  const threads = builtCompare([]);
  const one = builtCompare(['--jobs', '1']);
  const verdict = threads.wallS <= TARGET_SECONDS ? 'ok' : `ABOVE TARGET ${TARGET_SECONDS}s`;
  const lines = [
    `compare: the default comparison, built CLI (load average ${loadBefore} before, ${load()} after)`,
    ...(stale
      ? ['  WARNING: dist/ is older than src/: run `npm run build` first, or this measures old code']
      : []),
    `  worker threads: ${threads.wallS.toFixed(1)}s wall (${verdict}), ${threads.cpuS.toFixed(1)}s CPU`,
    `  one thread:     ${one.wallS.toFixed(1)}s wall, ${one.cpuS.toFixed(1)}s CPU`,
    '  one thread, per strategy (what dominates; timed again from the sources):',
  ];
  const byStrategy = await secondsByStrategy();
  const total = [...byStrategy.values()].reduce((sum, seconds) => sum + seconds, 0);
  for (const [name, seconds] of byStrategy) {
    lines.push(`    ${name.padEnd(12)} ${seconds.toFixed(1)}s (${((seconds / total) * 100).toFixed(0)}%)`);
  }
  return lines;
}
