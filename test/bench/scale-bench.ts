/**
 * How a run grows with its payments: wall time and peak memory for 10^4, 10^5 and 10^6 payments
 * of the healthy scenario with `none`, and 10^4 and 10^5 with db-atomic (an INSERT and an UPDATE
 * per payment in pg-mem, so a table that grows with the run), each size in its own child process
 * (timed-run.mjs) so its peak RSS is its own. The ratio per tenfold says whether the run is linear
 * (about 10) or worse. Runs the built simulator: `npm run build` first.
 *
 * Arrivals come at 1,000 a second and the horizon fits them all, so no payment is cut.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url);
const ARRIVAL_RATE_PER_SEC = 1000;
const SIZES: ReadonlyArray<{ readonly strategy: string; readonly payments: readonly number[] }> = [
  { strategy: 'none', payments: [10_000, 100_000, 1_000_000] },
  { strategy: 'db-atomic', payments: [10_000, 100_000] },
];
/** What issue 14 asks: 10^6 of none and 10^5 of db-atomic each under a minute, under 1 GB. */
const TARGET_WALL_S = 60;
const TARGET_RSS_MB = 1024;

interface Measured {
  readonly wallS: number;
  readonly peakRssMB: number;
  readonly steps: number;
}

function timedRun(strategy: string, payments: number): Measured {
  const helper = fileURLToPath(new URL('./timed-run.mjs', import.meta.url));
  const dist = new URL('dist/', ROOT).href;
  const child = spawnSync(
    process.execPath,
    [helper, dist, strategy, String(payments), String(ARRIVAL_RATE_PER_SEC)],
    { cwd: fileURLToPath(ROOT), encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`${strategy} x ${payments} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measured;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

export async function benchScale(): Promise<string[]> {
  const lines = [
    `scale: the healthy scenario, ${ARRIVAL_RATE_PER_SEC} arrivals/s, built CLI (load ${load()})`,
  ];
  for (const { strategy, payments } of SIZES) {
    let previous: Measured | undefined;
    for (const count of payments) {
      const measured = timedRun(strategy, count);
      const ratio =
        previous === undefined
          ? ''
          : `  x${(measured.wallS / previous.wallS).toFixed(1)} time, x${(measured.peakRssMB / previous.peakRssMB).toFixed(1)} memory per tenfold`;
      const over =
        measured.wallS > TARGET_WALL_S || measured.peakRssMB > TARGET_RSS_MB ? '  ABOVE TARGET' : '';
      // Printed as measured as well: the whole section takes minutes.
      process.stderr.write(`  measured ${strategy} x ${count}: ${JSON.stringify(measured)}\n`);
      lines.push(
        `  ${strategy.padEnd(10)} ${String(count).padStart(9)} payments: ${measured.wallS.toFixed(1).padStart(6)}s wall, ${measured.peakRssMB.toFixed(0).padStart(5)} MB peak RSS, ${measured.steps} events${ratio}${over}`,
      );
      previous = measured;
    }
  }
  lines.push(
    `  (load average after: ${load()}; on a shared machine the wall time is only as good as the load)`,
  );
  return lines;
}
