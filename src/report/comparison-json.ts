/**
 * The comparison as JSON: a stable contract for machines (see README). Extra fields may be
 * added; the documented ones keep their names and meaning.
 */
import type { Comparison } from '../experiment/compare.js';

export function renderComparisonJson(comparison: Comparison): string {
  const scenarios = comparison.scenarios.map((scenario) => ({
    name: scenario.name,
    title: scenario.title,
    seeds: scenario.seeds,
    results: scenario.results.map((result) => ({
      strategy: result.strategy,
      payments: result.payments,
      charges: result.charges,
      doubleCharges: result.doubleCharges,
      overchargedAmount: result.overchargedAmount,
      lostPayments: result.lostPayments,
      chargedButFailed: result.chargedButFailed,
      wrongReplays: result.wrongReplays,
      stuck: result.stuck,
      clientErrorRate: round(result.clientErrorRate),
      latencyMs: { p50: result.latencyMs.p50, p95: result.latencyMs.p95, p99: result.latencyMs.p99, max: result.latencyMs.max },
      finalityMs: { p50: result.finalityMs.p50, p99: result.finalityMs.p99 },
      verdict: result.verdict,
      harms: result.harms,
      doubleChargeRate: {
        min: round(result.spread.doubleChargeRate.min),
        max: round(result.spread.doubleChargeRate.max),
        mean: round(result.spread.doubleChargeRate.mean),
      },
      expectation: scenario.expectations[result.strategy] ?? null,
    })),
  }));
  return `${JSON.stringify({ scenarios }, null, 2)}\n`;
}

/** Six decimals: enough for a rate, short enough to diff. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
