/**
 * Wall time of the default `idemsim compare` (every bundled scenario, every built-in strategy,
 * each scenario's own seeds), on worker threads and in one thread, and the in-thread time per
 * strategy: what dominates.
 */
import { performance } from 'node:perf_hooks';
import { main } from '../../src/cli/main.js';
import { strategies } from '../../src/strategies/registry.js';

const TARGET_SECONDS = 10;

async function secondsFor(argv: string[]): Promise<number> {
  const started = performance.now();
  const code = await main(argv, { out: () => undefined, err: () => undefined, colour: false });
  if (code !== 0) throw new Error(`idemsim ${argv.join(' ')} exited ${code}`);
  return (performance.now() - started) / 1000;
}

export async function benchCompare(): Promise<string[]> {
  const pooled = await secondsFor(['compare', '--json']);
  const inThread = await secondsFor(['compare', '--json', '--jobs', '1']);
  const verdict = pooled <= TARGET_SECONDS ? 'ok' : `ABOVE TARGET ${TARGET_SECONDS}s`;
  const lines = [
    'compare: wall time of the default comparison',
    `  worker threads: ${pooled.toFixed(1)}s (${verdict}); one thread: ${inThread.toFixed(1)}s`,
    '  one thread, per strategy (what dominates):',
  ];
  for (const name of strategies.keys()) {
    const seconds = await secondsFor(['compare', '--json', '--jobs', '1', '--strategies', name]);
    lines.push(`    ${name.padEnd(12)} ${seconds.toFixed(1)}s (${((seconds / inThread) * 100).toFixed(0)}%)`);
  }
  return lines;
}
