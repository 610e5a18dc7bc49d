/**
 * A sweep as JSON: a stable contract for machines (see README). The varied field, the seeds
 * every value ran on, then per value one result per strategy with the same fields as
 * `compare --json` (without `expectation`: a scenario states it for its own settings only).
 * Extra fields may be added; the documented ones keep their names and meaning.
 */
import type { FieldKind } from '../scenario/field-kind.js';
import type { Sweep } from '../experiment/sweep.js';
import { seriesSummaryJson } from './series-json.js';

/** The unit of `value` for each kind of field; null for plain numbers. */
export const UNIT_OF_KIND: Readonly<Record<FieldKind, string | null>> = {
  duration: 'ms',
  rate: 'per second',
  size: 'bytes',
  integer: null,
  number: null,
};

export function renderSweepJson(sweep: Sweep): string {
  const document = {
    scenario: { name: sweep.name, title: sweep.title },
    vary: { field: sweep.field, kind: sweep.kind, unit: UNIT_OF_KIND[sweep.kind] },
    seeds: sweep.seeds,
    points: sweep.points.map((point) => ({
      value: point.value,
      label: point.label,
      results: point.results.map(seriesSummaryJson),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
