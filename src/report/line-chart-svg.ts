/**
 * A line chart as SVG, the web twin of line-chart.ts: a few series over the same x values (placed
 * evenly, in order), a y axis from 0 with round ticks (the same niceStep), one line per series
 * told apart by colour, dash and marker shape (so it reads in grey print and to colour-blind
 * eyes), a legend, and each point's value as a tooltip (an SVG <title>).
 *
 * Plain strings, no DOM and no node: imports, so the browser page can draw with it too. Colours
 * are attributes, not page rules: the chart looks the same wherever it is pasted.
 */
import { escapeHtml } from './html-escape.js';
import { niceStep, type ChartSeries, type LineChartInput } from './line-chart.js';

/** The terminal chart's input (its `cells` become each point's tooltip), without its columns and ANSI colours. */
export type LineChartSvgInput = Omit<LineChartInput, 'columnWidth' | 'colour'>;

/** Okabe and Ito's palette, which colour-blind readers can tell apart; black last. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '8 4', '3 3', '10 3 3 3', '2 6', '12 6', '6 2'];
const INTERVALS = 4;

/** Plot area and margins, px. */
const WIDTH_PX = 760;
const LEFT_PX = 76;
const RIGHT_PX = 24;
const TOP_PX = 60;
const PLOT_HEIGHT_PX = 240;
const LEGEND_ROW_PX = 24;

export function renderLineChartSvg(input: LineChartSvgInput): string {
  const maxValue = Math.max(0, ...input.series.flatMap((series) => series.values));
  const tickStep = niceStep(maxValue / INTERVALS, input.emptyMax);
  const yMax = tickStep * INTERVALS;
  const plotWidth = WIDTH_PX - LEFT_PX - RIGHT_PX;
  const count = input.xLabels.length;
  const xOf = (index: number): number =>
    round(LEFT_PX + (count <= 1 ? plotWidth / 2 : (plotWidth * index) / (count - 1)));
  const yOf = (value: number): number => round(TOP_PX + PLOT_HEIGHT_PX * (1 - Math.min(value, yMax) / yMax));
  const bottom = TOP_PX + PLOT_HEIGHT_PX;
  const height = bottom + 64 + LEGEND_ROW_PX * input.series.length;
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH_PX}" height="${height}" viewBox="0 0 ${WIDTH_PX} ${height}" font-family="system-ui,sans-serif" font-size="14">`,
    `<title>${escapeHtml(input.title)}</title>`,
    titleText(input.title),
    yAxis(input, tickStep, yOf, plotWidth),
    xAxis(input, xOf, bottom),
    ...input.series.map((series, index) => seriesLine(series, index, input.xLabels, xOf, yOf)),
    legend(input.series, bottom + 64),
    '</svg>',
  ].join('');
}

/** "Latency p99: from each payment's start..." as a bold headline and, under it, what it measures. */
function titleText(title: string): string {
  const colon = title.indexOf(': ');
  const [headline, detail] = colon < 0 ? [title, ''] : [title.slice(0, colon), title.slice(colon + 2)];
  const second = detail === '' ? '' : `<text x="${LEFT_PX}" y="44" fill="#444">${escapeHtml(detail)}</text>`;
  return `<text x="${LEFT_PX}" y="22" font-weight="700" font-size="17">${escapeHtml(headline)}</text>${second}`;
}

function yAxis(
  input: LineChartSvgInput,
  tickStep: number,
  yOf: (value: number) => number,
  plotWidth: number,
): string {
  const ticks = Array.from({ length: INTERVALS + 1 }, (_, index) => index * tickStep);
  return ticks
    .map((value) => {
      const y = yOf(value);
      return (
        `<line x1="${LEFT_PX}" y1="${y}" x2="${LEFT_PX + plotWidth}" y2="${y}" stroke="${value === 0 ? '#222' : '#ccc'}"/>` +
        `<text x="${LEFT_PX - 8}" y="${y + 5}" text-anchor="end">${escapeHtml(input.formatTick(value))}</text>`
      );
    })
    .join('');
}

function xAxis(input: LineChartSvgInput, xOf: (index: number) => number, bottom: number): string {
  const labels = input.xLabels.map(
    (label, index) =>
      `<line x1="${xOf(index)}" y1="${bottom}" x2="${xOf(index)}" y2="${bottom + 6}" stroke="#222"/>` +
      `<text x="${xOf(index)}" y="${bottom + 22}" text-anchor="middle">${escapeHtml(label)}</text>`,
  );
  const title = `<text x="${(LEFT_PX + WIDTH_PX - RIGHT_PX) / 2}" y="${bottom + 46}" text-anchor="middle" font-style="italic">${escapeHtml(input.xTitle)}</text>`;
  return `<line x1="${LEFT_PX}" y1="${TOP_PX}" x2="${LEFT_PX}" y2="${bottom}" stroke="#222"/>${labels.join('')}${title}`;
}

function seriesLine(
  series: ChartSeries,
  index: number,
  xLabels: readonly string[],
  xOf: (index: number) => number,
  yOf: (value: number) => number,
): string {
  const points = series.values.map((value, at) => [xOf(at), yOf(value)] as const);
  const dash = DASHES[index % DASHES.length] as string;
  const line = `<polyline fill="none" stroke-width="2.5" stroke="${colourOf(index)}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`} points="${points.map(([x, y]) => `${x},${y}`).join(' ')}"/>`;
  const markers = points.map(([x, y], at) => {
    const tip = `${series.name} at ${xLabels[at] ?? ''}: ${series.cells[at] ?? ''}`;
    return `<g class="point">${marker(index, x, y)}<title>${escapeHtml(tip)}</title></g>`;
  });
  return `<g class="series" data-series="${escapeHtml(series.name)}">${line}${markers.join('')}</g>`;
}

/** Circle, square, triangle, diamond, then again hollow: a shape per series, not only a colour. */
function marker(index: number, x: number, y: number): string {
  const colour = colourOf(index);
  const hollow = Math.floor(index / 4) % 2 === 1;
  const paint = hollow ? `fill="#fff" stroke="${colour}" stroke-width="2"` : `fill="${colour}"`;
  switch (index % 4) {
    case 0:
      return `<circle cx="${x}" cy="${y}" r="6" ${paint}/>`;
    case 1:
      return `<rect x="${x - 5.5}" y="${y - 5.5}" width="11" height="11" ${paint}/>`;
    case 2:
      return `<path d="M${x} ${y - 7}l6.5 11.5h-13z" ${paint}/>`;
    default:
      return `<path d="M${x} ${y - 7.5}l7.5 7.5l-7.5 7.5l-7.5 -7.5z" ${paint}/>`;
  }
}

function legend(series: readonly ChartSeries[], top: number): string {
  return series
    .map((one, index) => {
      const y = top + LEGEND_ROW_PX * index;
      const dash = DASHES[index % DASHES.length] as string;
      return (
        `<line x1="${LEFT_PX}" y1="${y}" x2="${LEFT_PX + 44}" y2="${y}" stroke-width="2.5" stroke="${colourOf(index)}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>` +
        marker(index, LEFT_PX + 22, y) +
        `<text x="${LEFT_PX + 56}" y="${y + 5}">${escapeHtml(one.name)}</text>`
      );
    })
    .join('');
}

function colourOf(index: number): string {
  return COLOURS[index % COLOURS.length] as string;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
