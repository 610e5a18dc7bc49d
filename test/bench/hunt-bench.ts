/**
 * Hunt benchmark: how many cases per second a hunt runs against each strategy, and how long the
 * default hunt takes to its first counterexample (and then to the smallest one) for each unsafe
 * strategy. Runs/sec is measured on the same 100 sampled cases for every strategy, so the
 * strategies are compared on equal worlds.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { huntSpace } from '../../src/hunt/derive-space.js';
import { hunt } from '../../src/hunt/hunt.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { caseSize } from '../../src/hunt/hunt-case.js';
import { runCase } from '../../src/hunt/run-case.js';
import { huntCaseArbitrary } from '../../src/hunt/world-arbitraries.js';
import { strategies } from '../../src/strategies/registry.js';

const CASES = 100;

export async function benchHunt(): Promise<string[]> {
  const lines = ['hunt: cases per second (100 sampled cases each), and the default hunt (seed 1, 1000 runs)'];
  lines.push('  strategy      cases/s   first counterexample         smallest (after shrinking)');
  for (const strategy of strategies.values()) {
    const space = await huntSpace(strategy);
    const cases = fc.sample(huntCaseArbitrary(space), { seed: 1, numRuns: CASES });
    const started = performance.now();
    for (const huntCase of cases) await runCase(strategy, huntCase);
    const perSecond = CASES / ((performance.now() - started) / 1000);

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
    lines.push(
      `  ${strategy.name.padEnd(12)}  ${perSecond.toFixed(0).padStart(7)}   ${first.padEnd(27)}  ${smallest}`,
    );
  }
  return lines;
}

function describeSize(size: { payments: number; faults: number; changes: number }): string {
  return `${size.payments} payment(s), ${size.faults} fault(s), ${size.changes} other change(s)`;
}
