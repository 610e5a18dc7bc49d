/**
 * Hunt benchmark: how many cases a second a hunt's search runs against each built-in strategy
 * (the registry's, so a strategy added there is measured too) on the default hunt space, and how
 * long the default hunt takes to its first counterexample (and then to the smallest one).
 *
 * Throughput is the search itself: `hunt` with a property that always holds, so it generates,
 * runs and judges CASES cases of the same seed's stream for every strategy. The machine is
 * shared, so beside the wall time it reports the CPU time this process spent (one thread) and
 * the load average: the target of 1,000 cases a second is judged on CPU time.
 *
 * Then where a case's CPU time goes, per strategy (case-phases.ts): building the world, the
 * strategy's setup and warm-up, the simulation, judging, and fast-check's share (generating each
 * case, calling the property), with the engine events a case takes.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hunt } from '../../src/hunt/hunt.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { caseSize } from '../../src/hunt/hunt-case.js';
import { type CasePhases, casePhases } from './case-phases.js';
import type { HuntProperty } from '../../src/hunt/properties.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { strategies } from '../../src/strategies/registry.js';

const CASES = 1000;
const TARGET_PER_SECOND = 1000;

/** Reads the summary as every property does, and never breaks: the search runs all its cases. */
const alwaysHolds: HuntProperty = {
  name: 'bench-holds',
  claim: 'nothing (a benchmark)',
  violation: ({ summary }) => (summary.payments < 0 ? 'impossible' : undefined),
};

interface Throughput {
  readonly wallPerSecond: number;
  readonly cpuPerSecond: number;
  /** Where a case's CPU time goes, measured on the same cases outside the hunt. */
  readonly phases: CasePhases;
}

async function throughput(strategy: Strategy): Promise<Throughput> {
  // One short hunt first, so module loading and the JIT's warm-up are not charged to the first strategy.
  await hunt({ base: huntBaseScenario, strategy, properties: [alwaysHolds], runs: 20, seed: 2 });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await hunt({ base: huntBaseScenario, strategy, properties: [alwaysHolds], runs: CASES });
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  if (result.found || result.runs !== CASES)
    throw new Error(`${strategy.name}: the bench hunt stopped early`);
  return {
    wallPerSecond: CASES / wallS,
    cpuPerSecond: CASES / cpuS,
    phases: await casePhases(strategy, CASES),
  };
}

function load(): string {
  return loadavg()
    .map((average) => average.toFixed(1))
    .join(' ');
}

export async function benchHunt(): Promise<string[]> {
  const lines = [
    `hunt: cases per second of the search (${CASES} cases, seed 1, default space), and the default hunt (seed 1, 1000 runs)`,
    `  load average before: ${load()} on this machine; the target (${TARGET_PER_SECOND} cases/s) is judged on CPU time`,
    '  strategy         cases/s wall  cases/s CPU  target  first counterexample         smallest (after shrinking)',
  ];
  const costs: string[] = [];
  for (const strategy of strategies.values()) {
    const { wallPerSecond, cpuPerSecond, phases } = await throughput(strategy);
    costs.push(phaseLine(strategy.name, phases));
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
    const meets = cpuPerSecond >= TARGET_PER_SECOND ? 'met' : 'MISSED';
    lines.push(
      `  ${strategy.name.padEnd(15)}  ${wallPerSecond.toFixed(0).padStart(12)}  ${cpuPerSecond.toFixed(0).padStart(11)}  ${meets.padEnd(6)}  ${first.padEnd(27)}  ${smallest}`,
    );
  }
  lines.push(
    '',
    '  where a case goes: CPU µs per case by phase, measured in a search over the same cases (fast-check:',
    '  generating each case and calling the property), their sum (compare the hunt above), engine events per case',
    '  strategy           build   setup  simulate   judge  fast-check     sum  events',
    ...costs,
    `  load average after: ${load()}`,
  );
  return lines;
}

function phaseLine(name: string, phases: CasePhases): string {
  const cells = [phases.buildUs, phases.setupUs, phases.simulateUs, phases.judgeUs, phases.restUs];
  const sum = cells.reduce((total, us) => total + us, 0);
  const widths = [6, 6, 8, 6, 10, 6, 6];
  const numbers = [...cells, sum, phases.events]
    .map((value, index) => value.toFixed(0).padStart(widths[index] ?? 6))
    .join('  ');
  return `  ${name.padEnd(15)}  ${numbers}`;
}

function describeSize(size: { payments: number; faults: number; changes: number }): string {
  return `${size.payments} payment(s), ${size.faults} fault(s), ${size.changes} other change(s)`;
}
