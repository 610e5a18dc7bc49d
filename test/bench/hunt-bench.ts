/**
 * Hunt benchmark: how many cases a second a hunt's search runs against each built-in strategy
 * (the registry's, so a strategy added there is measured too) on the default hunt space, and how
 * long the default hunt takes to its first counterexample (and then to the smallest one).
 *
 * Throughput is the search itself: `hunt` with a property that always holds, so it generates,
 * runs and judges CASES cases of the same seed's stream for every strategy. The machine is
 * shared, so beside the wall time it reports the CPU time this process spent (one thread) and
 * the load average. Measured twice: cold (the first CASES cases after a short warm-up, what a
 * default 1,000-run hunt sees) and steady (the same cases again after WARM_CASES more, what a
 * hunt that runs for minutes or hours sees, once the JIT has compiled the simulator's hot paths).
 * The target of 1,000 cases a second is judged on steady CPU time: the hunts that need the speed
 * are the long ones.
 *
 * Then the built CLI's `hunt --jobs` (worker threads, hunt-pool.ts) against one thread, wall
 * time of POOLED_CASES cases in one child process each: what sets hunt's default --jobs.
 *
 * Then where a case's CPU time goes, per strategy (case-phases.ts): building the world, the
 * strategy's setup and warm-up, the simulation, judging, and fast-check's share (generating each
 * case, calling the property), with the engine events a case takes. Beside them, a ceiling: the
 * rate a strategy would reach if nothing cost anything but pg-mem's own execution of its
 * statements and the bare engine's cost of its events (measured here, processes that only sleep).
 * Everything else (the PostgreSQL model's locks, snapshots and SERIALIZABLE checks, the network,
 * the strategy, client and provider, building and judging the case) would have to fit in the gap
 * between that ceiling and the target; where the ceiling itself is near the target, no change to
 * the simulator's own code can reach it.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hunt } from '../../src/hunt/hunt.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { caseSize } from '../../src/hunt/hunt-case.js';
import { property as alwaysHolds } from './always-holds-property.js';
import { type CasePhases, casePhases } from './case-phases.js';
import { engineEventsPerSec } from './engine-bench.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { strategies } from '../../src/strategies/registry.js';

const CASES = 1000;
/** Cases run between the cold and the steady measurement. */
const WARM_CASES = 3000;
/** Cases of the --jobs comparison: a hunt long enough that starting the workers is not all it measures. */
const POOLED_CASES = 8000;
const TARGET_PER_SECOND = 1000;

interface Rate {
  readonly wallPerSecond: number;
  readonly cpuPerSecond: number;
}

interface Throughput {
  readonly cold: Rate;
  readonly steady: Rate;
  /** Where a case's CPU time goes, measured on the same cases outside the hunt. */
  readonly phases: CasePhases;
}

async function throughput(strategy: Strategy): Promise<Throughput> {
  // One short hunt first, so module loading is not charged to the first strategy.
  await hunt({ base: huntBaseScenario, strategy, properties: [alwaysHolds], runs: 20, seed: 2 });
  const cold = await searchRate(strategy);
  await hunt({ base: huntBaseScenario, strategy, properties: [alwaysHolds], runs: WARM_CASES, seed: 3 });
  return { cold, steady: await searchRate(strategy), phases: await casePhases(strategy, CASES) };
}

/** Cases a second of the search over seed 1's first CASES cases, in this thread. */
async function searchRate(strategy: Strategy): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await hunt({ base: huntBaseScenario, strategy, properties: [alwaysHolds], runs: CASES });
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  if (result.found || result.runs !== CASES)
    throw new Error(`${strategy.name}: the bench hunt stopped early`);
  return { wallPerSecond: CASES / wallS, cpuPerSecond: CASES / cpuS };
}

/** Wall seconds of the built CLI's hunt of POOLED_CASES cases that all hold, on `jobs` threads. */
function pooledHuntS(strategy: string, jobs: number): number {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      'bin/idemsim.js',
      'hunt',
      '-s',
      strategy,
      '--runs',
      String(POOLED_CASES),
      '--jobs',
      String(jobs),
      '--property',
      './test/bench/always-holds-property.ts',
    ],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`built hunt -s ${strategy} --jobs ${jobs} failed: ${child.stderr}`);
  return (performance.now() - started) / 1000;
}

function load(): string {
  return loadavg()
    .map((average) => average.toFixed(1))
    .join(' ');
}

export async function benchHunt(): Promise<string[]> {
  const lines = [
    `hunt: cases per second of the search (${CASES} cases, seed 1, default space), and the default hunt (seed 1, 1000 runs)`,
    `  load average before: ${load()} on this machine; cold: the first ${CASES} cases of a process; steady: the same`,
    `  cases after ${WARM_CASES} more; the target (${TARGET_PER_SECOND} cases/s) is judged on steady CPU time, a long hunt's rate`,
    '                     cold cases/s    steady cases/s',
    '  strategy           wall     CPU      wall     CPU  target  first counterexample         smallest (after shrinking)',
  ];
  const costs: string[] = [];
  const eventUs = await bareEventUs();
  for (const strategy of strategies.values()) {
    const { cold, steady, phases } = await throughput(strategy);
    costs.push(phaseLine(strategy.name, phases, eventUs));
    let firstFoundMs: number | undefined;
    const huntStarted = performance.now();
    const result = await hunt({
      base: huntBaseScenario,
      strategy,
      onRun: (step) => {
        if (firstFoundMs === undefined && step.phase === 'search' && step.failures > 0)
          firstFoundMs = performance.now() - huntStarted;
      },
    });
    const totalMs = performance.now() - huntStarted;
    const first = result.found
      ? `run ${result.runs}, ${(firstFoundMs ?? 0).toFixed(0)} ms`
      : `none in ${result.runs} runs (${(totalMs / 1000).toFixed(1)} s)`;
    const smallest = result.found
      ? `${totalMs.toFixed(0)} ms, ${result.shrinks} shrinks, ${describeSize(caseSize(result.huntCase))}`
      : '-';
    const meets = steady.cpuPerSecond >= TARGET_PER_SECOND ? 'met' : 'MISSED';
    const rates = [cold.wallPerSecond, cold.cpuPerSecond, steady.wallPerSecond, steady.cpuPerSecond]
      .map((rate) => rate.toFixed(0).padStart(6))
      .join('  ');
    lines.push(
      `  ${strategy.name.padEnd(15)}  ${rates}  ${meets.padEnd(6)}  ${first.padEnd(27)}  ${smallest}`,
    );
  }
  lines.push(
    '',
    '  where a case goes: CPU µs per case by phase, measured in a search over the same cases (fast-check:',
    '  generating each case and calling the property), their sum (compare the hunt above), engine events per case;',
    "  pg-mem: of the sum, inside pg-mem executing the case's statements; ceiling: cases/s if nothing but pg-mem",
    `  and the bare engine (${eventUs.toFixed(2)} µs an event, measured now) cost anything`,
    '  strategy           build   setup  simulate   judge  fast-check     sum  events  pg-mem  ceiling/s',
    ...costs,
    `  load average after: ${load()}`,
    '',
    ...pooledLines(),
  );
  return lines;
}

/** The built CLI's hunt on one thread and on one worker per core, each strategy, in one run. */
function pooledLines(): string[] {
  const jobs = Math.max(2, availableParallelism());
  const lines = [
    `  hunt --jobs: wall seconds of the built CLI's hunt of ${POOLED_CASES} cases (a property that always holds),`,
    `  one thread against ${jobs} worker threads on ${availableParallelism()} cores (load average ${load()} before)`,
    `  strategy         --jobs 1  --jobs ${jobs}  speed-up  cases/s wall (--jobs ${jobs})`,
  ];
  for (const strategy of strategies.keys()) {
    const oneS = pooledHuntS(strategy, 1);
    const poolS = pooledHuntS(strategy, jobs);
    lines.push(
      `  ${strategy.padEnd(15)}  ${oneS.toFixed(1).padStart(7)}s  ${poolS.toFixed(1).padStart(7)}s  ${(oneS / poolS).toFixed(2).padStart(7)}x  ${(POOLED_CASES / poolS).toFixed(0).padStart(8)}`,
    );
  }
  lines.push(`  load average after: ${load()}`);
  return lines;
}

/** µs an event of the bare engine: 100 processes that only sleep, after a warm-up (engine-bench.ts). */
async function bareEventUs(): Promise<number> {
  await engineEventsPerSec(100, 100_000);
  return 1e6 / (await engineEventsPerSec(100, 1_000_000));
}

function phaseLine(name: string, phases: CasePhases, eventUs: number): string {
  const cells = [phases.buildUs, phases.setupUs, phases.simulateUs, phases.judgeUs, phases.restUs];
  const sum = cells.reduce((total, us) => total + us, 0);
  const ceiling = 1e6 / (phases.pgMemUs + phases.events * eventUs);
  const widths = [6, 6, 8, 6, 10, 6, 6, 6, 9];
  const numbers = [...cells, sum, phases.events, phases.pgMemUs, ceiling]
    .map((value, index) => value.toFixed(0).padStart(widths[index] ?? 6))
    .join('  ');
  return `  ${name.padEnd(15)}  ${numbers}`;
}

function describeSize(size: { payments: number; faults: number; changes: number }): string {
  return `${size.payments} payment(s), ${size.faults} fault(s), ${size.changes} other change(s)`;
}
