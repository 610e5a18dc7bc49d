import { describe, expect, it } from 'vitest';
import { clientLatenciesMs, finalityDurationsMs } from '../../src/metrics/finality.js';
import { LatencyRecorder, summarizeLatency } from '../../src/metrics/latency-summary.js';
import { charge, intent } from '../checks/hand-written-records.js';

describe('metrics', () => {
  it('finality: from intent start to its first charge; uncharged intents have none', () => {
    const history = {
      intents: [
        { ...intent('a', 'succeeded'), startMs: 10 },
        { ...intent('b', 'succeeded'), startMs: 20 },
        intent('c', 'failed'),
      ],
      attempts: [],
    };
    expect(
      finalityDurationsMs(history, [charge('b', 1000, 520), charge('a', 1000, 60), charge('a', 1000, 900)]),
    ).toEqual([50, 500]);
  });

  it('client latency: from intent start to the last answer; pending intents are left out', () => {
    const history = {
      intents: [{ ...intent('a', 'succeeded'), startMs: 10, endMs: 110 }, intent('b', 'pending')],
      attempts: [],
    };
    expect(clientLatenciesMs(history)).toEqual([100]);
  });

  it('latency summary: percentiles within HDR precision, exact max, empty input', () => {
    const values = Array.from({ length: 1000 }, (_, index) => index + 1); // 1..1000 ms
    const summary = summarizeLatency(values);
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(500, -0.5);
    expect(summary.p99).toBeCloseTo(990, -1);
    expect(summary.max).toBe(1000);
    expect(summarizeLatency([0.25, 0.5]).max).toBe(0.5);
    expect(summarizeLatency([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('latency recorder: values fed one at a time give the summary of their array; summary() ends it', () => {
    const recorder = new LatencyRecorder();
    const values = [3, 0.5, 120, 7.25, 7.25, 64_000];
    for (const ms of values) recorder.record(ms);
    const summary = recorder.summary();
    expect(summary).toEqual(summarizeLatency(values));
    expect(summary).toMatchObject({ count: 6, max: 64_000 });
    expect(recorder.summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
