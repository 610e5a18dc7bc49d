/**
 * Kafka's RangeAssignor for one topic: members in sorted order each take a contiguous range of
 * partitions, the first ones one more when the count does not divide evenly. Members beyond the
 * partition count get nothing and stand by, ready for a rebalance.
 */
export function assignRange(memberIds: readonly string[], partitions: number): Map<string, number[]> {
  const sorted = [...memberIds].sort();
  const assignment = new Map<string, number[]>();
  const base = sorted.length === 0 ? 0 : Math.floor(partitions / sorted.length);
  const extra = sorted.length === 0 ? 0 : partitions % sorted.length;
  let next = 0;
  for (const [index, memberId] of sorted.entries()) {
    const count = base + (index < extra ? 1 : 0);
    assignment.set(
      memberId,
      Array.from({ length: count }, (_, offset) => next + offset),
    );
    next += count;
  }
  return assignment;
}
