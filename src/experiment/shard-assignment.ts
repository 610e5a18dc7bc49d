/**
 * Which shard runs which unit of work, decided from the plan alone, so every machine of a CI
 * matrix computes the same split without talking to the others.
 *
 * The unit is a whole series (one strategy through one scenario over its seeds): its summary is
 * computed whole, so merging the shards' summaries gives exactly the unsharded numbers, whatever
 * the summaries pool. Series differ in cost (seeds times payments), so they are dealt out longest
 * first, each to the shard with the least work so far (ties to the lower shard): a greedy
 * balance that is deterministic for a given plan.
 */

/** `--shard i/n`: this is shard `index` (1-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** The 1-based shard of each unit, in unit order; `costs` are relative estimates. */
export function assignShards(costs: readonly number[], count: number): number[] {
  const order = costs
    .map((cost, unit) => ({ cost, unit }))
    .sort((a, b) => b.cost - a.cost || a.unit - b.unit);
  const load = Array.from({ length: count }, () => 0);
  const shardOf = costs.map(() => 1);
  for (const { cost, unit } of order) {
    const lightest = load.indexOf(Math.min(...load));
    shardOf[unit] = lightest + 1;
    load[lightest] = (load[lightest] ?? 0) + cost;
  }
  return shardOf;
}

/** The hunt's cases [first, end) that shard `index` of `count` runs: one contiguous block each. */
export function caseBlock(spec: ShardSpec, cases: number): { readonly first: number; readonly end: number } {
  const boundary = (shard: number): number => Math.floor((shard * cases) / spec.count);
  return { first: boundary(spec.index - 1), end: boundary(spec.index) };
}
