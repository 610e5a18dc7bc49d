/**
 * The producer's partitioner: a record with a key always goes to the same partition.
 *
 * Kafka's default partitioner hashes the key's bytes with murmur2; this uses FNV-1a on the key's
 * UTF-16 code units. Both spread keys evenly and are stable, so only which partition a given key
 * lands on differs from real Kafka, never whether two records with one key share a partition.
 */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
