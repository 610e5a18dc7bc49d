/**
 * The SVG line chart and the sweep section built on it: axes from 0 with round ticks, a line and a
 * marker per strategy and value, each value as a tooltip, the legend, and every name escaped.
 */
import { describe, expect, it } from 'vitest';
import { sweepHtml } from '../../src/report/html-sweep.js';
import { renderLineChartSvg } from '../../src/report/line-chart-svg.js';
import { handMadeSweep } from './sweep-fixture.js';

describe('renderLineChartSvg', () => {
  const svg = renderLineChartSvg({
    title: 'Latency p99: from start to <answer>',
    xTitle: 'lockTtl',
    xLabels: ['1s', '2s', '4s'],
    series: [
      { name: 'a & b', values: [100, 250, 900], cells: ['100ms', '250ms', '900ms'] },
      { name: 'mine', values: [0, 0, 0], cells: ['0ms', '0ms', '0ms'] },
    ],
    formatTick: (value) => `${value}ms`,
    emptyMax: 1000,
  });

  it('ticks the y axis from 0 in four round steps over the largest value', () => {
    const ticks = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((match) => match[1]);
    expect(ticks).toEqual(['0ms', '250ms', '500ms', '750ms', '1000ms']);
  });

  it('draws a line per series and a marker per value, each with its value as a tooltip', () => {
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    const tips = [...svg.matchAll(/<g class="point">.*?<title>([^<]*)<\/title><\/g>/g)].map(
      (match) => match[1],
    );
    expect(tips).toEqual([
      'a &amp; b at 1s: 100ms',
      'a &amp; b at 2s: 250ms',
      'a &amp; b at 4s: 900ms',
      'mine at 1s: 0ms',
      'mine at 2s: 0ms',
      'mine at 4s: 0ms',
    ]);
  });

  it('tells the series apart by dash and marker shape as well as colour, in the legend too', () => {
    expect(svg).toContain('stroke="#D55E00" stroke-dasharray="8 4"');
    expect(svg.match(/<circle /g)).toHaveLength(4); // three points and the legend's
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('>a &amp; b</text>');
  });

  it('splits the title into a headline and what it measures, escaped', () => {
    expect(svg).toContain('font-weight="700" font-size="17">Latency p99</text>');
    expect(svg).toContain('>from start to &lt;answer&gt;</text>');
  });
});

describe('sweepHtml', () => {
  it("draws sweep's three charts with a line per strategy, and the command that reruns it", () => {
    const html = sweepHtml(handMadeSweep(), "idemsim sweep 05 --vary 'x=1s..8s'");
    expect(html.match(/<svg class="chart"/g)).toHaveLength(3);
    expect(html.match(/<polyline /g)).toHaveLength(9);
    expect(html).toContain('<code class="command">idemsim sweep 05 --vary &#39;x=1s..8s&#39;</code>');
    expect(html).toContain('id="sweep--05-lease-outlived--strategies_redis-setnx_lockTtl"');
    for (const name of ['redis-setnx', 'db-atomic', 'kafka-eos'])
      expect(html).toContain(`data-series="${name}"`);
  });
});
