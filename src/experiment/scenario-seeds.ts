/**
 * The seeds a scenario runs with. Its own module so that planning a comparison (compare.ts) and
 * running its series (run-series.ts, which brings the whole simulator) can both use it without
 * importing each other.
 */

/** seed, seed + 1, ... : `count` consecutive seeds from the scenario's first. */
export function seedsFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => first + index);
}
