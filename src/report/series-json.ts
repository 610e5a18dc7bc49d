/**
 * One strategy's series summary as JSON: the fields `compare --json` and `sweep --json` share
 * (see README). The documented fields keep their names and meaning; new ones may be added.
 */
import { perHarmField } from '../checks/harm-catalogue.js';
import type { SeriesSummary } from '../experiment/series-summary.js';

export function seriesSummaryJson(result: SeriesSummary) {
  // One count per harm of the catalogue; double charges first, with their money (the documented order).
  const { doubleCharges, ...otherHarms } = perHarmField((entry) => result[entry.field]);
  return {
    strategy: result.strategy,
    payments: result.payments,
    charges: result.charges,
    doubleCharges,
    overchargedAmount: result.overchargedAmount,
    ...otherHarms,
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
