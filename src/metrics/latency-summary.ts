/**
 * Latency percentiles from an HDR histogram (hdr-histogram-js).
 *
 * Values are recorded in whole microseconds with three significant digits, so percentiles are
 * accurate to 0.1 %; the maximum is exact. Latency is measured from each intent's start, not per
 * attempt, so a stall cannot hide behind a fast retry (coordinated omission).
 */
import { build } from 'hdr-histogram-js';

export interface LatencySummary {
  /** How many values were recorded. */
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

const EMPTY: LatencySummary = { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };

export function summarizeLatency(valuesMs: readonly number[]): LatencySummary {
  if (valuesMs.length === 0) return EMPTY;
  const histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    autoResize: true,
    numberOfSignificantValueDigits: 3,
  });
  let maxMicros = 0;
  for (const ms of valuesMs) {
    const micros = Math.max(0, Math.round(ms * 1000));
    histogram.recordValue(micros);
    maxMicros = Math.max(maxMicros, micros);
  }
  const at = (percentile: number): number =>
    Math.min(histogram.getValueAtPercentile(percentile), maxMicros) / 1000;
  const summary = { count: valuesMs.length, p50: at(50), p95: at(95), p99: at(99), max: maxMicros / 1000 };
  histogram.destroy();
  return summary;
}
