/**
 * A small line chart for a terminal: a few series over the same x values, one marker shape per
 * series joined by dotted lines, a y axis from 0 with round ticks, and under the x axis one row
 * per series that is both the legend and the numbers (each under its x value).
 *
 * The x values are placed evenly, in order (a sweep's values are evenly spaced). Where two
 * series meet at one point the marker is `*`; the rows underneath say which is which. Colour
 * (chalk, one per series) only decorates: without it the chart reads the same.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface ChartSeries {
  readonly name: string;
  /** One per x value, in the chart's unit (0 or more). */
  readonly values: readonly number[];
  /** What the row under the chart prints for each value. */
  readonly cells: readonly string[];
}

export interface LineChartInput {
  /** The line above the chart. */
  readonly title: string;
  /** Names the x axis, printed left of its labels. */
  readonly xTitle: string;
  readonly xLabels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** A y-axis tick ("25%", "2.5s"). */
  readonly formatTick: (value: number) => string;
  /** The top of the y axis when every value is 0. */
  readonly emptyMax: number;
  /** Columns from one x value to the next, at least (charts drawn one above another align). */
  readonly columnWidth?: number;
  /** Use ANSI colours. */
  readonly colour: boolean;
}

/** Rows of the plot area, with a tick every TICK_ROWS rows: 4 intervals, 5 ticks. */
const PLOT_ROWS = 13;
const TICK_ROWS = 3;
const INTERVALS = (PLOT_ROWS - 1) / TICK_ROWS;
const MARKERS = ['●', '■', '▲', '◆', '○', '□', '△', '◇'];
const SEVERAL = '*';
const COLOURS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;

/** Marker shape of the series at `index` (also for a legend elsewhere). */
export function markerOf(index: number): string {
  return MARKERS[index % MARKERS.length] as string;
}

interface Cell {
  readonly text: string;
  /** Which series drew it; -1 for none, or for several at one point. */
  readonly owner: number;
}

export function renderLineChart(input: LineChartInput): string {
  const paint = new Chalk({ level: input.colour ? 1 : 0 });
  const count = input.xLabels.length;
  const tickStep = niceStep(
    Math.max(0, ...input.series.flatMap((series) => series.values)) / INTERVALS,
    input.emptyMax,
  );
  const yMax = tickStep * INTERVALS;
  const gap = Math.max(
    input.columnWidth ?? 4,
    ...[...input.xLabels, ...input.series.flatMap((series) => series.cells)].map((text) => text.length + 2),
  );
  const columnOf = (index: number): number => index * gap;
  const rowOf = (value: number): number =>
    Math.min(PLOT_ROWS - 1, Math.round((value / yMax) * (PLOT_ROWS - 1)));
  const grid = plot(input.series, count, gap * (count - 1) + 1, columnOf, rowOf);

  const ticks = Array.from({ length: PLOT_ROWS }, (_, row) =>
    row % TICK_ROWS === 0 ? input.formatTick((row / TICK_ROWS) * tickStep) : '',
  );
  const legends = input.series.map((series, index) => `${markerOf(index)} ${series.name}`);
  const margin = Math.max(
    ...ticks.map((tick) => tick.length),
    input.xTitle.length,
    ...legends.map((legend) => legend.length),
  );
  const colourOf = (owner: number): ChalkInstance =>
    owner < 0 ? paint : paint[COLOURS[owner % COLOURS.length] as (typeof COLOURS)[number]];

  const lines = [paint.bold(input.title)];
  for (let row = PLOT_ROWS - 1; row >= 0; row--) {
    const axis = row === 0 ? '┼' : ticks[row] === '' ? '│' : '┤';
    const cells = runsOf(grid[row] as Cell[])
      .map((run) => colourOf(run.owner)(run.text))
      .join('');
    lines.push(`${(ticks[row] as string).padStart(margin)} ${axis}${cells}`);
  }
  const axisLine = Array.from({ length: gap * (count - 1) + 1 }, (_, column) =>
    column % gap === 0 ? '┬' : '─',
  ).join('');
  lines.push(`${' '.repeat(margin)} └${axisLine}`);
  lines.push(`${input.xTitle.padStart(margin)}  ${placed(input.xLabels, gap)}`);
  input.series.forEach((series, index) => {
    const legend = `${colourOf(index)(markerOf(index))} ${series.name}${' '.repeat(margin - (legends[index] as string).length)}`;
    lines.push(`${legend}  ${placed(series.cells, gap)}`);
  });
  if (grid.some((row) => row.some((cell) => cell.text === SEVERAL))) {
    lines.push(`${' '.repeat(margin)}  ${SEVERAL} two or more lines at that point`);
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** The plot area, row 0 at the bottom: dotted lines first, then markers over them. */
function plot(
  series: readonly ChartSeries[],
  count: number,
  width: number,
  columnOf: (index: number) => number,
  rowOf: (value: number) => number,
): Cell[][] {
  const grid: Cell[][] = Array.from({ length: PLOT_ROWS }, () =>
    Array.from({ length: width }, () => ({ text: ' ', owner: -1 })),
  );
  const set = (row: number, column: number, cell: Cell): void => {
    (grid[row] as Cell[])[column] = cell;
  };
  series.forEach((line, owner) => {
    for (let index = 0; index + 1 < count; index++) {
      const [x0, x1] = [columnOf(index), columnOf(index + 1)];
      const [y0, y1] = [rowOf(line.values[index] ?? 0), rowOf(line.values[index + 1] ?? 0)];
      const samples = Math.max(x1 - x0, Math.abs(y1 - y0));
      for (let sample = 1; sample < samples; sample++) {
        set(
          Math.round(y0 + ((y1 - y0) * sample) / samples),
          Math.round(x0 + ((x1 - x0) * sample) / samples),
          { text: '·', owner },
        );
      }
    }
  });
  const markedBy = new Map<string, number>();
  series.forEach((line, owner) => {
    for (let index = 0; index < count; index++) {
      const [row, column] = [rowOf(line.values[index] ?? 0), columnOf(index)];
      const earlier = markedBy.get(`${row},${column}`);
      markedBy.set(`${row},${column}`, owner);
      set(
        row,
        column,
        earlier === undefined ? { text: markerOf(owner), owner } : { text: SEVERAL, owner: -1 },
      );
    }
  });
  return grid;
}

/** Neighbouring cells of one series joined, so each colour is switched on once per run. */
function runsOf(cells: readonly Cell[]): Cell[] {
  const runs: Cell[] = [];
  for (const cell of cells) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.owner === cell.owner)
      runs[runs.length - 1] = { text: last.text + cell.text, owner: cell.owner };
    else runs.push(cell);
  }
  return runs;
}

/** Texts left-aligned at every `gap` columns. */
function placed(texts: readonly string[], gap: number): string {
  return texts.map((text, index) => (index === texts.length - 1 ? text : text.padEnd(gap))).join('');
}

/** The smallest round step (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at least `raw` (`fallback` / 4 when raw is 0). */
export function niceStep(raw: number, fallback: number): number {
  const target = raw > 0 ? raw : fallback / INTERVALS;
  const power = 10 ** Math.floor(Math.log10(target));
  const mantissa =
    [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((candidate) => candidate * power >= target * (1 - 1e-9)) ?? 10;
  return Number((mantissa * power).toPrecision(12));
}
