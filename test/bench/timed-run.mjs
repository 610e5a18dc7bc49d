// One run of the healthy scenario, stretched to `payments` (a horizon and an arrival rate that fit
// them all), through the built simulator (dist/), judged and summarised as `idemsim run --json`
// does. Prints {"wallS", "peakRssMB", "payments", "steps"} as JSON: run in a child process by
// scale-bench.ts, so the peak RSS is this run's alone.
import { performance } from 'node:perf_hooks';

const [entryRoot, strategyName, paymentsText, rateText] = process.argv.slice(2);
const payments = Number(paymentsText);
const arrivalRatePerSec = Number(rateText);
const { runExperiment } = await import(new URL('experiment/run-experiment.js', entryRoot).href);
const { summarizeRun } = await import(new URL('experiment/run-summary.js', entryRoot).href);
const { defaultScenario } = await import(new URL('scenario/default-scenario.js', entryRoot).href);
const { strategies } = await import(new URL('strategies/registry.js', entryRoot).href);

const scenario = {
  ...defaultScenario,
  name: 'scale',
  // Every payment arrives, and has two minutes to finish after the last one.
  horizonMs: Math.ceil((payments / arrivalRatePerSec) * 1000) + 120_000,
  workload: { ...defaultScenario.workload, payments, arrivalRatePerSec },
};
const started = performance.now();
const outcome = await runExperiment({
  scenario,
  strategy: strategies.get(strategyName),
  seed: 1,
  trace: false,
});
const summary = summarizeRun(outcome);
const wallS = (performance.now() - started) / 1000;
if (summary.payments !== payments || summary.succeeded !== payments)
  throw new Error(
    `expected ${payments} payments to succeed, got ${summary.payments} (${summary.succeeded} succeeded)`,
  );
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ wallS, peakRssMB, payments, steps: outcome.steps }));
