/**
 * One strategy in one scenario over several seeds: totals, pooled latency, and the spread across
 * seeds (a double-charge rate from 20 seeds is a range, not a point).
 */
import { combineExposure, type ExposureVerdict } from '../checks/exposure.js';
import { summarizeLatency, type LatencySummary } from '../metrics/latency-summary.js';
import { HARM_CATALOGUE, perHarmField, type Harm } from '../checks/harm-catalogue.js';
import type { HarmCounts, RunSummary } from './run-summary.js';
import type { StrategyThrows } from './strategy-watch.js';

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** Harm counts are totals over every seed (one field per harm of the catalogue). */
export interface SeriesSummary extends HarmCounts {
  readonly strategy: string;
  readonly seeds: readonly number[];
  readonly payments: number;
  readonly charges: number;
  readonly overchargedAmount: number;
  /** Attempts that met an error, over all attempts of all seeds. */
  readonly clientErrorRate: number;
  /** Pooled over every intent of every seed. */
  readonly latencyMs: LatencySummary;
  readonly finalityMs: LatencySummary;
  readonly verdict: 'safe' | 'unsafe';
  /** Harms seen in at least one seed. */
  readonly harms: readonly Harm[];
  /** Over every seed: a fault touched if it touched in any; intents and repeats summed. */
  readonly exposure: ExposureVerdict;
  /** Per-seed rates: double-charged payments / payments, and attempt error rate. */
  readonly spread: { readonly doubleChargeRate: Range; readonly clientErrorRate: Range };
  readonly runs: readonly RunSummary[];
  /** What a user's strategy's handle threw over every seed, when it threw at all. */
  readonly strategyThrew?: StrategyThrows;
}

/** The raw samples a series pools: per-run summaries plus every duration, ms. */
export interface SeriesSamples {
  readonly runs: readonly RunSummary[];
  readonly latenciesMs: readonly number[];
  readonly finalitiesMs: readonly number[];
}

export function summarizeSeries(strategy: string, samples: SeriesSamples): SeriesSummary {
  const { runs } = samples;
  const sum = (field: (run: RunSummary) => number): number =>
    runs.reduce((total, run) => total + field(run), 0);
  const attempts = sum((run) => run.attempts);
  const erroredAttempts = sum((run) =>
    Object.values(run.errorsByKind).reduce((total, count) => total + count, 0),
  );
  return {
    strategy,
    seeds: runs.map((run) => run.seed),
    payments: sum((run) => run.payments),
    charges: sum((run) => run.charges),
    ...perHarmField((entry) => sum((run) => run[entry.field])),
    overchargedAmount: sum((run) => run.overchargedAmount),
    clientErrorRate: attempts === 0 ? 0 : erroredAttempts / attempts,
    latencyMs: summarizeLatency(samples.latenciesMs),
    finalityMs: summarizeLatency(samples.finalitiesMs),
    verdict: runs.every((run) => run.verdict === 'safe') ? 'safe' : 'unsafe',
    harms: harmsOf(runs),
    exposure: combineExposure(runs.map((run) => run.exposure)),
    spread: {
      doubleChargeRate: rangeOf(
        runs.map((run) => (run.payments === 0 ? 0 : run.doubleCharges / run.payments)),
      ),
      clientErrorRate: rangeOf(runs.map((run) => run.clientErrorRate)),
    },
    runs,
  };
}

function harmsOf(runs: readonly RunSummary[]): Harm[] {
  return HARM_CATALOGUE.filter((entry) => runs.some((run) => run[entry.field] > 0)).map((entry) => entry.id);
}

function rangeOf(values: readonly number[]): Range {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((total, value) => total + value, 0) / values.length,
  };
}
