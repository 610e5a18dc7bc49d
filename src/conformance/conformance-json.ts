/**
 * `idemsim conform --json`: the same result as data, for CI. Stable fields: `ok`, `totals`
 * (schedules, compared, agreed, excluded by rule, waits that agreed by lock kind), `rows` (one per scenario × strategy × store
 * with its totals and whether it diverged), `divergences` (each schedule's first, with its
 * origin), `notes`.
 */
import { totalsOf, type Conformance } from './run-conformance.js';

export function renderConformanceJson(conformance: Conformance, notes: readonly string[]): string {
  const schedules = conformance.rows.flatMap((row) => row.schedules);
  const divergences = schedules.flatMap((schedule) =>
    schedule.divergence === undefined
      ? []
      : [{ store: schedule.store, origin: schedule.origin, ...schedule.divergence }],
  );
  const rows = conformance.rows.map((row) => ({
    scenario: row.scenario,
    strategy: row.strategy,
    store: row.store,
    ...totalsOf(row.schedules),
    diverged: row.schedules.some((schedule) => schedule.divergence !== undefined),
  }));
  const result = {
    command: 'conform',
    ok: divergences.length === 0,
    totals: totalsOf(schedules),
    rows,
    divergences,
    notes,
  };
  return `${JSON.stringify(result, null, 2)}\n`;
}
