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

/**
 * Takes values one at a time, straight into the histogram: a run of a million payments needs no
 * array of a million durations. `summary()` ends it (the histogram's memory is freed).
 */
export class LatencyRecorder {
  private histogram: ReturnType<typeof build> | undefined;
  private count = 0;
  private maxMicros = 0;

  record(ms: number): void {
    this.histogram ??= build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 2,
      autoResize: true,
      numberOfSignificantValueDigits: 3,
    });
    const micros = Math.max(0, Math.round(ms * 1000));
    this.histogram.recordValue(micros);
    this.maxMicros = Math.max(this.maxMicros, micros);
    this.count++;
  }

  summary(): LatencySummary {
    const { histogram, maxMicros } = this;
    if (histogram === undefined) return EMPTY;
    const at = (percentile: number): number =>
      Math.min(histogram.getValueAtPercentile(percentile), maxMicros) / 1000;
    const summary = { count: this.count, p50: at(50), p95: at(95), p99: at(99), max: maxMicros / 1000 };
    histogram.destroy();
    this.histogram = undefined;
    return summary;
  }
}

export function summarizeLatency(valuesMs: readonly number[]): LatencySummary {
  const recorder = new LatencyRecorder();
  for (const ms of valuesMs) recorder.record(ms);
  return recorder.summary();
}
