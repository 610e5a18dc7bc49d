/**
 * Runs a scenario to its horizon, and past it when the horizon would cut the workload short.
 *
 * A horizon is how long a scenario watches, not how many payments it makes: `--payments 100000`
 * on a 60 s scenario at 20 payments/s needs more than an hour of virtual time. Stopping at the
 * horizon would leave most payments unstarted and the last ones mid-retry, counted as stuck
 * though nothing went wrong. So when the workload is still arriving or a client is still waiting
 * at the horizon, the run goes on until every payment has started and every client has its
 * answer, then drains: one period more, and another while the last one still saw charges
 * (downstream work such as a Kafka consumer's backlog finishes after the clients' answers). A run whose workload fits its horizon ends exactly where
 * it always did.
 */
import type { HistoryRecorder } from '../components/history.js';
import type { Simulation } from '../engine/simulation.js';
import type { Scenario } from '../scenario/scenario.js';

/**
 * Runs the world to `untilMs`, or until `stopWhen` says so (checked before each event);
 * resolves to the engine steps taken.
 */
export type RunUntil = (untilMs: number, stopWhen?: () => boolean) => Promise<number>;

/**
 * Runs from the start of the workload; resolves to the engine steps taken. `charges` counts the
 * provider's ledger; `runUntil` runs the world (default: `sim.run`; a caller may run it in
 * slices, to report progress).
 */
export async function runToTheEnd(
  sim: Simulation,
  history: HistoryRecorder,
  scenario: Scenario,
  startMs: number,
  charges: () => number,
  runUntil: RunUntil = async (untilMs, stopWhen) =>
    (await sim.run({ untilMs, ...(stopWhen === undefined ? {} : { stopWhen }) })).steps,
): Promise<number> {
  const horizonEndMs = startMs + scenario.horizonMs;
  let steps = await runUntil(horizonEndMs);
  const busy = (): boolean =>
    history.startedCount < scenario.workload.payments || history.unfinishedCount > 0;
  if (!busy()) return steps;
  const drainMs = paymentLifeMs(scenario);
  // A safety net only: payments stop arriving if the client node is crashed or paused for good.
  const deadlineMs = horizonEndMs + 4 * arrivalsMs(scenario) + drainMs;
  // Stops at the very event that ends the last payment (the drain counts from there), or at the deadline.
  steps += await runUntil(deadlineMs, () => !busy());
  // Downstream work (a consumer's backlog of charges) may outlast the clients: drain in periods
  // while the last one still added charges.
  for (;;) {
    const before = charges();
    steps += await runUntil(Math.min(sim.now + drainMs, deadlineMs));
    if (charges() === before || sim.now >= deadlineMs) return steps;
  }
}

/** The expected time for the whole workload to arrive, ms. */
function arrivalsMs(scenario: Scenario): number {
  return (scenario.workload.payments / scenario.workload.arrivalRatePerSec) * 1000;
}

/** The longest one payment's client can wait: every attempt timing out after the longest backoff. */
export function paymentLifeMs(scenario: Scenario): number {
  const { client } = scenario;
  const attemptMs = client.timeoutMs + client.retry.backoffMaxMs;
  return client.doubleSubmitGapMs + client.retry.attemptsMax * attemptMs;
}
