/**
 * What several searches tried together: the coverage of hunt blocks run side by side (hunt
 * --jobs), added up as if one search had run them all. Counts add; a knob's range is the widest.
 */
import type { CoverageSummary, KnobRange } from './hunt-coverage.js';

export function mergeCoverage(summaries: readonly CoverageSummary[]): CoverageSummary {
  return {
    cases: sum(summaries.map((summary) => summary.cases)),
    faultKinds: addCounts(summaries.map((summary) => summary.faultKinds)),
    casesByFaults: addColumns(summaries.map((summary) => summary.casesByFaults)),
    settings: widestRanges(summaries.map((summary) => summary.settings)),
    knobs: widestRanges(summaries.map((summary) => summary.knobs)),
    doubleSubmits: sum(summaries.map((summary) => summary.doubleSubmits)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function addCounts(records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records)
    for (const [name, count] of Object.entries(record)) total[name] = (total[name] ?? 0) + count;
  return total;
}

function addColumns(rows: ReadonlyArray<readonly number[]>): number[] {
  const total: number[] = [];
  for (const row of rows)
    for (const [index, count] of row.entries()) total[index] = (total[index] ?? 0) + count;
  return Array.from(total, (count) => count ?? 0);
}

function widestRanges(
  records: ReadonlyArray<Readonly<Record<string, KnobRange>>>,
): Record<string, KnobRange> {
  const widest: Record<string, KnobRange> = {};
  for (const record of records)
    for (const [name, range] of Object.entries(record)) {
      const seen = widest[name];
      widest[name] =
        seen === undefined
          ? { ...range }
          : {
              cases: seen.cases + range.cases,
              min: Math.min(seen.min, range.min),
              max: Math.max(seen.max, range.max),
            };
    }
  return widest;
}
