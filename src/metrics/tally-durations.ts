/**
 * A tally's durations (checks/run-tally.ts) straight into two HDR histograms, as the tally judges
 * each intent: a run of a million payments keeps no duration per intent. A histogram counts values
 * by bucket, so the order intents are judged in does not change a percentile.
 */
import type { TallyDurations } from '../checks/run-tally.js';
import { LatencyRecorder, type LatencySummary } from './latency-summary.js';

export class TallyLatencies implements TallyDurations {
  private readonly latencies = new LatencyRecorder();
  private readonly finalities = new LatencyRecorder();
  private latencySummary: LatencySummary | undefined;
  private finalitySummary: LatencySummary | undefined;

  latencyMs(ms: number): void {
    this.latencies.record(ms);
  }

  finalityMs(ms: number): void {
    this.finalities.record(ms);
  }

  /** From each finished intent's start to its last answer; read it once the tally has judged. */
  get latency(): LatencySummary {
    this.latencySummary ??= this.latencies.summary();
    return this.latencySummary;
  }

  /** From each charged intent's start to its first charge; read it once the tally has judged. */
  get finality(): LatencySummary {
    this.finalitySummary ??= this.finalities.summary();
    return this.finalitySummary;
  }
}
