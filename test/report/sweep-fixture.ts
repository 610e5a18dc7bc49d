/**
 * A small hand-made sweep: three strategies over four lock TTLs, numbers chosen so that lines
 * cross, meet and fall, for whole-output tests of the renderings.
 */
import type { SeriesSummary } from '../../src/experiment/series-summary.js';
import type { Sweep } from '../../src/experiment/sweep.js';

interface Numbers {
  readonly doubleCharges: number;
  readonly clientErrorRate: number;
  readonly p99Ms: number;
}

const SEEDS = [1, 2];
const PAYMENTS = 40;

function summary(strategy: string, numbers: Numbers): SeriesSummary {
  const rate = numbers.doubleCharges / PAYMENTS;
  return {
    strategy,
    seeds: SEEDS,
    payments: PAYMENTS,
    charges: PAYMENTS + numbers.doubleCharges,
    doubleCharges: numbers.doubleCharges,
    overchargedAmount: numbers.doubleCharges * 1000,
    lostPayments: 0,
    chargedButFailed: 0,
    toldPaidEarly: 0,
    wrongReplays: 0,
    stuck: 0,
    clientErrorRate: numbers.clientErrorRate,
    latencyMs: {
      count: PAYMENTS,
      p50: numbers.p99Ms / 4,
      p95: numbers.p99Ms / 2,
      p99: numbers.p99Ms,
      max: numbers.p99Ms + 100,
    },
    finalityMs: { count: PAYMENTS, p50: 120, p95: 600, p99: 900, max: 950 },
    verdict: numbers.doubleCharges > 0 ? 'unsafe' : 'safe',
    harms: numbers.doubleCharges > 0 ? ['double-charge'] : [],
    exposure: { faults: [], repeats: 2, exercised: true },
    spread: {
      doubleChargeRate: { min: rate / 2, max: rate * 1.5, mean: rate },
      clientErrorRate: { min: 0, max: 0, mean: 0 },
    },
    runs: [],
  };
}

const ROWS: ReadonlyArray<readonly [number, string, Numbers, Numbers, Numbers]> = [
  [
    1000,
    '1s',
    { doubleCharges: 6, clientErrorRate: 0.5, p99Ms: 5550 },
    { doubleCharges: 0, clientErrorRate: 0.6, p99Ms: 8500 },
    { doubleCharges: 12, clientErrorRate: 0.1, p99Ms: 3300 },
  ],
  [
    2000,
    '2s',
    { doubleCharges: 4, clientErrorRate: 0.5, p99Ms: 5550 },
    { doubleCharges: 0, clientErrorRate: 0.6, p99Ms: 8500 },
    { doubleCharges: 12, clientErrorRate: 0.1, p99Ms: 3300 },
  ],
  [
    3000,
    '3s',
    { doubleCharges: 1, clientErrorRate: 0.45, p99Ms: 4200 },
    { doubleCharges: 0, clientErrorRate: 0.6, p99Ms: 8500 },
    { doubleCharges: 12, clientErrorRate: 0.1, p99Ms: 3300 },
  ],
  [
    4000,
    '4s',
    { doubleCharges: 0, clientErrorRate: 0.45, p99Ms: 3900 },
    { doubleCharges: 0, clientErrorRate: 0.6, p99Ms: 8500 },
    { doubleCharges: 12, clientErrorRate: 0.1, p99Ms: 3300 },
  ],
];

export function handMadeSweep(): Sweep {
  return {
    name: '05-lease-outlived',
    title: 'The lock expires while the first attempt is still working',
    field: 'strategies.redis-setnx.lockTtl',
    kind: 'duration',
    seeds: SEEDS,
    points: ROWS.map(([value, label, redis, atomic, kafka]) => ({
      value,
      label,
      results: [summary('redis-setnx', redis), summary('db-atomic', atomic), summary('kafka-eos', kafka)],
    })),
  };
}
