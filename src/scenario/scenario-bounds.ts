/**
 * The largest sizes a scenario may ask for, so that a file `validate` accepts is one this
 * program can run: each bound keeps one run (or one comparison) within seconds to minutes and a
 * few hundred MB on a laptop, and each refusal states the bound ("at most 1,000 consumers").
 *
 * Measured on the development machine (2 shared cores): 10,000 payments of 01-happy-path with
 * strategy none take 4 s of CPU and 150 MB, 100,000 take 14 s and 390 MB; the payments bound
 * (a million, which issue 14 asks a run to reach) assumes the run grows linearly with the
 * payments, as `npm run bench -- scale` measures. A file asking for 1,000 consumers or instances is validated in
 * well under a second. Bounds on durations keep sums of times finite (no overflow to Infinity,
 * no NaN delays) with room to spare.
 */

export const BOUNDS = {
  /** Payment intents per run. */
  payments: 1_000_000,
  /** Seeds per scenario (a comparison runs every strategy this many times). */
  seeds: 10_000,
  /** Service instances behind the load balancer. */
  instances: 1_000,
  /** Kafka consumers in the group. */
  consumers: 1_000,
  /** Partitions of the payments topic. */
  partitions: 1_000,
  /** Attempts per payment (client) or per request (gateway). */
  attempts: 100,
  /** Faults in a plan. */
  faults: 1_000,
  /** Keys a redis-cache-load writes. */
  cacheKeys: 1_000_000,
  /** Bytes of each value a redis-cache-load writes. */
  valueBytes: 1_048_576,
  /** The nth moment a crash-at or pause-at waits for. */
  nth: 1_000_000,
  /** Amount of one payment, in the currency's minor units. */
  amount: 1_000_000_000_000,
  /** A run's horizon, ms (one day of virtual time). */
  horizonMs: 86_400_000,
  /** Any other duration, ms (one year: long enough for any retention or TTL). */
  durationMs: 365 * 86_400_000,
  /** Arrivals per second. */
  arrivalRatePerSec: 100_000,
  /** A latency distribution's shape parameter (lognormal sigma; the larger, the heavier the tail). */
  sigma: 10,
  /** A Pareto alpha below this gives tails that overflow a double. */
  alphaMin: 0.1,
} as const;

/** "at most 1,000 consumers": the bound, grouped in thousands the way a reader counts. */
export function atMost(bound: number, noun: string): string {
  return `at most ${bound.toLocaleString('en-US')} ${noun}`;
}
