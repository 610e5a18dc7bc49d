/**
 * A sweep: one scenario run at each value of one setting, every strategy over the same seeds at
 * every value. It is a comparison whose scenarios are the plan's variants, so it runs on the
 * same series runner (worker threads or this thread) and gives the same bytes either way.
 * Returns data; the report layer draws it.
 */
import type { FieldKind } from '../scenario/field-kind.js';
import type { SweepPlan } from '../scenario/sweep-plan.js';
import type { Strategy } from '../strategies/strategy.js';
import { compare, type Comparison, type SeriesRunner } from './compare.js';
import type { SeriesSummary } from './series-summary.js';

export interface SweepResultPoint {
  /** In the field's unit: ms for durations, per second for rates, bytes for sizes. */
  readonly value: number;
  readonly label: string;
  /** One per strategy, in the order they were given. */
  readonly results: readonly SeriesSummary[];
}

export interface Sweep {
  /** The scenario's name and title. */
  readonly name: string;
  readonly title: string;
  /** The varied field, as written in a scenario file. */
  readonly field: string;
  readonly kind: FieldKind;
  /** The seeds every value ran on. */
  readonly seeds: readonly number[];
  readonly points: readonly SweepResultPoint[];
}

export interface SweepInput {
  readonly plan: SweepPlan;
  readonly strategies: readonly Strategy[];
  /** Seeds per value (default: the scenario's own `seeds`). */
  readonly seedCount?: number;
  /** Called after each run with (runs done, runs in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs the series, possibly in parallel (default: one after another, in this thread). */
  readonly runner?: SeriesRunner;
}

export async function sweep(input: SweepInput): Promise<Sweep> {
  const { plan } = input;
  const comparison = await compare({
    scenarios: plan.points.map((point) => point.scenario),
    strategies: input.strategies,
    ...(input.seedCount === undefined ? {} : { seedCount: input.seedCount }),
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
    ...(input.runner === undefined ? {} : { runner: input.runner }),
  });
  return sweepFrom(plan, comparison);
}

/** The sweep a comparison of the plan's variants makes (a whole run's, or merged shards'). */
export function sweepFrom(
  plan: {
    readonly field: string;
    readonly kind: FieldKind;
    readonly points: ReadonlyArray<{ readonly value: number; readonly label: string }>;
  },
  comparison: Comparison,
): Sweep {
  const first = comparison.scenarios[0];
  return {
    name: first?.name ?? '',
    title: first?.title ?? '',
    field: plan.field,
    kind: plan.kind,
    seeds: first?.seeds ?? [],
    points: plan.points.map((point, index) => ({
      value: point.value,
      label: point.label,
      results: comparison.scenarios[index]?.results ?? [],
    })),
  };
}
