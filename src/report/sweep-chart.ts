/**
 * A sweep for a terminal: what was varied, then three charts against the setting, one line per
 * strategy: the double-charge rate (money), the client error rate and the p99 latency (what the
 * safety costs). The rows under each chart are its numbers.
 */
import { Chalk } from 'chalk';
import type { Sweep } from '../experiment/sweep.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import { formatMs, formatPercent } from './format.js';
import { renderLineChart, type ChartSeries } from './line-chart.js';

export interface SweepChartOptions {
  /** Use ANSI colours. */
  readonly colour: boolean;
}

/** One chart of a sweep: what it plots per strategy and value, and how it writes a value. */
export interface SweepMetric {
  readonly title: string;
  readonly value: (result: SeriesSummary) => number;
  readonly cell: (value: number) => string;
  readonly tick: (value: number) => string;
  readonly emptyMax: number;
}

/** The three charts, money first; the HTML report (html-sweep.ts) draws the same ones. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  {
    title: 'Double-charge rate: payments charged more than once',
    value: (result) => (result.payments === 0 ? 0 : result.doubleCharges / result.payments),
    cell: formatPercent,
    tick: percentTick,
    emptyMax: 0.04,
  },
  {
    title: 'Client error rate: attempts that met an error (an error status, a timeout, a refused connection)',
    value: (result) => result.clientErrorRate,
    cell: formatPercent,
    tick: percentTick,
    emptyMax: 0.04,
  },
  {
    title: "Latency p99: from each payment's start to the client's last answer",
    value: (result) => result.latencyMs.p99,
    cell: formatMs,
    tick: durationTick,
    emptyMax: 1000,
  },
];

export function renderSweepChart(sweep: Sweep, options: SweepChartOptions): string {
  const paint = new Chalk({ level: options.colour ? 1 : 0 });
  const first = sweep.points[0]?.label ?? '';
  const last = sweep.points[sweep.points.length - 1]?.label ?? '';
  const heading = [
    `${paint.bold(sweep.name)}  ${sweep.title}`,
    `${sweep.field} from ${first} to ${last}, ${sweep.points.length} values  ${paint.dim(`(${runsPerValue(sweep)})`)}`,
  ].join('\n');
  const allSeries = SWEEP_METRICS.map((metric) => sweepSeries(sweep, metric));
  // One column width for the three charts, so the same value sits at the same column in each.
  const columnWidth = Math.max(
    ...allSeries
      .flat()
      .flatMap((series) => series.cells)
      .map((cell) => cell.length + 2),
  );
  const charts = SWEEP_METRICS.map((metric, index) =>
    renderLineChart({
      title: metric.title,
      xTitle: lastSegment(sweep.field),
      xLabels: sweep.points.map((point) => point.label),
      series: allSeries[index] ?? [],
      formatTick: metric.tick,
      emptyMax: metric.emptyMax,
      columnWidth,
      colour: options.colour,
    }),
  );
  return `${[heading, ...charts].join('\n\n')}\n`;
}

/** One line per strategy of `metric` against the varied setting. */
export function sweepSeries(sweep: Sweep, metric: SweepMetric): ChartSeries[] {
  const strategies = sweep.points[0]?.results.map((result) => result.strategy) ?? [];
  return strategies.map((strategy, index) => {
    const values = sweep.points.map((point) => {
      const result = point.results[index];
      return result === undefined ? 0 : metric.value(result);
    });
    return { name: strategy, values, cells: values.map(metric.cell) };
  });
}

/** "6 seeds × 20 payments at each value", or without payments when they are what varies. */
export function runsPerValue(sweep: Sweep): string {
  const perRun = (result: SeriesSummary | undefined): number =>
    result === undefined || result.seeds.length === 0 ? 0 : result.payments / result.seeds.length;
  const payments = new Set(sweep.points.map((point) => perRun(point.results[0])));
  const seeds = `${sweep.seeds.length} seed${sweep.seeds.length === 1 ? '' : 's'}`;
  return payments.size === 1
    ? `${seeds} × ${[...payments][0]} payments at each value`
    : `${seeds} at each value`;
}

/** "strategies.redis-setnx.lockTtl" -> "lockTtl"; "faults[1].duration" -> "duration". */
export function lastSegment(field: string): string {
  return field.split('.').pop() ?? field;
}

/** 0.025 -> "2.5%": as few decimals as the tick needs. */
function percentTick(ratio: number): string {
  return `${Number((ratio * 100).toFixed(3))}%`;
}

/** 2500 -> "2.5s", 250 -> "250ms", 0 -> "0". */
function durationTick(ms: number): string {
  if (ms === 0) return '0';
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))}s` : `${Number(ms.toFixed(3))}ms`;
}
