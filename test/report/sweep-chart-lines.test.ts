import { describe, expect, it } from 'vitest';
import { markerOf, niceStep, renderLineChart, type LineChartInput } from '../../src/report/line-chart.js';

const percent = (ratio: number): string => `${Number((ratio * 100).toFixed(3))}%`;

function chart(input: Partial<LineChartInput> & Pick<LineChartInput, 'series' | 'xLabels'>): string {
  return renderLineChart({
    title: 'T',
    xTitle: 'x',
    formatTick: percent,
    emptyMax: 0.04,
    colour: false,
    ...input,
  });
}

describe('the line chart under the sweep charts', () => {
  it("draws steep lines without gaps, marks where lines meet with *, and prints each series' numbers under its x values", () => {
    const text = chart({
      xLabels: ['a', 'b', 'c'],
      series: [
        { name: 'up', values: [0, 1, 0.5], cells: ['0', '1', '0.5'] },
        { name: 'flat', values: [0, 0, 0.5], cells: ['0', '0', '0.5'] },
      ],
    });
    expect(text).toBe(`T
  100% ┤     ●
       │     ··
       │    ·  ·
   75% ┤    ·   ·
       │   ·    ·
       │   ·     ·
   50% ┤   ·      *
       │  ·      ·
       │  ·     ·
   25% ┤ ·      ·
       │ ·     ·
       │·     ·
    0% ┼*····■
       └┬────┬────┬
     x  a    b    c
● up    0    1    0.5
■ flat  0    0    0.5
        * two or more lines at that point`);
  });

  it('an all-zero chart still has a y axis, up to emptyMax', () => {
    const text = chart({
      xTitle: 'n',
      xLabels: ['1', '2'],
      series: [{ name: 's', values: [0, 0], cells: ['0.0%', '0.0%'] }],
    });
    expect(text).toBe(`T
 4% ┤
    │
    │
 3% ┤
    │
    │
 2% ┤
    │
    │
 1% ┤
    │
    │
 0% ┼●·····●
    └┬─────┬
  n  1     2
● s  0.0%  0.0%`);
  });

  it('columnWidth spaces the x values at least that far apart', () => {
    const text = chart({
      xLabels: ['1', '2'],
      series: [{ name: 's', values: [0, 0], cells: ['0', '0'] }],
      columnWidth: 10,
    });
    expect(text.split('\n').slice(-3)).toEqual(['    └┬─────────┬', '  x  1         2', '● s  0         0']);
  });

  it('y ticks are round numbers: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten', () => {
    expect([0.026, 0.15, 2.68, 2125, 0.0004, 7].map((raw) => niceStep(raw, 1))).toEqual([
      0.03, 0.15, 3, 2500, 0.0004, 8,
    ]);
    expect(niceStep(0, 1000)).toBe(250);
  });

  it('gives each series its own marker', () => {
    expect(Array.from({ length: 5 }, (_, index) => markerOf(index))).toEqual(['●', '■', '▲', '◆', '○']);
  });
});
