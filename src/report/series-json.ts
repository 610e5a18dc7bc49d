/**
 * One strategy's series summary as JSON: the fields `compare --json` and `sweep --json` share
 * (see README). The documented fields keep their names and meaning; new ones may be added.
 */
import type { SeriesSummary } from '../experiment/series-summary.js';

export function seriesSummaryJson(result: SeriesSummary) {
  return {
    strategy: result.strategy,
    payments: result.payments,
    charges: result.charges,
    doubleCharges: result.doubleCharges,
    overchargedAmount: result.overchargedAmount,
    lostPayments: result.lostPayments,
    chargedButFailed: result.chargedButFailed,
    wrongReplays: result.wrongReplays,
    stuck: result.stuck,
    clientErrorRate: roundRate(result.clientErrorRate),
    latencyMs: {
      p50: result.latencyMs.p50,
      p95: result.latencyMs.p95,
      p99: result.latencyMs.p99,
      max: result.latencyMs.max,
    },
    finalityMs: { p50: result.finalityMs.p50, p99: result.finalityMs.p99 },
    verdict: result.verdict,
    harms: result.harms,
    doubleChargeRate: {
      min: roundRate(result.spread.doubleChargeRate.min),
      max: roundRate(result.spread.doubleChargeRate.max),
      mean: roundRate(result.spread.doubleChargeRate.mean),
    },
  };
}

/** Six decimals: enough for a rate, short enough to diff. */
export function roundRate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
