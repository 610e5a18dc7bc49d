/**
 * How a run grows with its payments: wall time, CPU time and peak memory for 10^4, 10^5 and 10^6
 * payments of the healthy scenario (01-happy-path) with `none`, and 10^4 and 10^5 with db-atomic
 * (a key row inserted and updated per payment in pg-mem, beside the payment record), each size in
 * its own child process (timed-run.mjs, which runs `idemsim run 01 --payments N --json` through
 * the built CLI) so its peak RSS is its own. The ratio per tenfold says whether the run is linear
 * (about 10) or worse. Runs the built simulator: `npm run build` first.
 *
 * On a shared machine wall time is only as good as the load beside it: the CPU time and the load
 * average are printed with it, and the ratios are taken within this one run.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url);
const SIZES: ReadonlyArray<{ readonly strategy: string; readonly payments: readonly number[] }> = [
  { strategy: 'none', payments: [10_000, 100_000, 1_000_000] },
  { strategy: 'db-atomic', payments: [10_000, 100_000] },
];
/** What issue 14 asks: 10^6 of none and 10^5 of db-atomic each under a minute, under 1 GB. */
const TARGET_WALL_S = 60;
const TARGET_RSS_MB = 1024;

interface Measured {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMB: number;
}

function timedRun(strategy: string, payments: number): Measured {
  const helper = fileURLToPath(new URL('./timed-run.mjs', import.meta.url));
  const main = new URL('dist/cli/main.js', ROOT).href;
  const child = spawnSync(process.execPath, [helper, main, strategy, String(payments)], {
    cwd: fileURLToPath(ROOT),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`${strategy} x ${payments} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measured;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

function ratio(measured: Measured, previous: Measured | undefined): string {
  if (previous === undefined) return '';
  const times = (now: number, before: number): string => `x${(now / before).toFixed(1)}`;
  return `  per tenfold: ${times(measured.wallS, previous.wallS)} wall, ${times(measured.cpuS, previous.cpuS)} CPU, ${times(measured.peakRssMB, previous.peakRssMB)} memory`;
}

export async function benchScale(): Promise<string[]> {
  const lines = [`scale: idemsim run 01-happy-path --payments N, built CLI (load average ${load()})`];
  for (const { strategy, payments } of SIZES) {
    let previous: Measured | undefined;
    for (const count of payments) {
      const loadBefore = load();
      const measured = timedRun(strategy, count);
      const over =
        measured.wallS > TARGET_WALL_S || measured.peakRssMB > TARGET_RSS_MB ? '  ABOVE TARGET' : '';
      // Printed as measured as well: the whole section takes minutes.
      process.stderr.write(
        `  measured ${strategy} x ${count} (load ${loadBefore}): ${JSON.stringify(measured)}\n`,
      );
      lines.push(
        `  ${strategy.padEnd(10)} ${String(count).padStart(9)} payments: ${measured.wallS.toFixed(1).padStart(6)}s wall, ${measured.cpuS.toFixed(1).padStart(6)}s CPU, ${measured.peakRssMB.toFixed(0).padStart(5)} MB peak RSS (load ${loadBefore})${ratio(measured, previous)}${over}`,
      );
      previous = measured;
    }
  }
  lines.push(`  (load average after: ${load()}; targets: ${TARGET_WALL_S}s wall, ${TARGET_RSS_MB} MB)`);
  return lines;
}
