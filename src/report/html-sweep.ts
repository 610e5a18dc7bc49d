/**
 * A sweep as HTML: what was varied and over what, the three charts `sweep` draws (the same
 * metrics, sweep-chart.ts) as SVG with a value on every point, and the command that reruns it.
 */
import type { Sweep } from '../experiment/sweep.js';
import { anchorId, escapeHtml } from './html-escape.js';
import { renderLineChartSvg } from './line-chart-svg.js';
import { lastSegment, runsPerValue, SWEEP_METRICS, sweepSeries } from './sweep-chart.js';

export function sweepAnchor(sweep: Sweep): string {
  return anchorId('sweep', sweep.name, sweep.field);
}

/** `command`: the `idemsim sweep ...` command that reruns it. */
export function sweepHtml(sweep: Sweep, command: string): string {
  const first = sweep.points[0]?.label ?? '';
  const last = sweep.points[sweep.points.length - 1]?.label ?? '';
  const charts = SWEEP_METRICS.map((metric) =>
    renderLineChartSvg({
      title: metric.title,
      xTitle: lastSegment(sweep.field),
      xLabels: sweep.points.map((point) => point.label),
      series: sweepSeries(sweep, metric),
      formatTick: metric.tick,
      emptyMax: metric.emptyMax,
    }),
  );
  return [
    `<section class="sweep" id="${sweepAnchor(sweep)}">`,
    `<h2>Sweep: ${escapeHtml(sweep.name)} · ${escapeHtml(sweep.field)}</h2>`,
    `<p>${escapeHtml(sweep.title)}</p>`,
    `<p class="meta">${escapeHtml(sweep.field)} from ${escapeHtml(first)} to ${escapeHtml(last)}, ${sweep.points.length} values (${escapeHtml(runsPerValue(sweep))}). Hover a point for its value.</p>`,
    `<code class="command">${escapeHtml(command)}</code>`,
    ...charts,
    '</section>',
  ].join('');
}
