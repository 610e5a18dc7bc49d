// One `idemsim run 01-happy-path --payments N --strategy S --json` through the built CLI (dist/),
// as a user types it: the scenario's own arrival rate, its horizon grown to fit the workload.
// Prints {"wallS", "cpuS", "peakRssMB", "payments"} as JSON: run in a child process by
// scale-bench.ts, so the peak RSS is this run's alone.
import { performance } from 'node:perf_hooks';

const [mainPath, strategyName, paymentsText] = process.argv.slice(2);
const payments = Number(paymentsText);
const { main } = await import(mainPath);
let out = '';
const started = performance.now();
const code = await main(
  ['run', '01-happy-path', '--strategy', strategyName, '--payments', paymentsText, '--json'],
  { out: (text) => (out += text), err: () => {}, colour: false },
);
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage();
const summary = JSON.parse(out);
if (code !== 0 || summary.payments !== payments || summary.succeeded !== payments)
  throw new Error(`expected ${payments} payments to succeed, got exit ${code}: ${out.slice(0, 400)}`);
process.stdout.write(
  JSON.stringify({
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    payments,
  }),
);
