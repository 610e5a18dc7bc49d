/**
 * The fault plan in a scenario file: a list of `{ at, kind, ... }`, one shape per kind.
 *
 *   faults:
 *     - { at: 1.5s, kind: crash, node: service-1, restartAfter: 2s }
 *     - { at: 0s, kind: pause-at, node: service-1, on: reply, peer: psp, nth: 3, duration: 6s }
 *     - { at: 3s, kind: partition, between: [service-1], and: [psp], duration: 5s }
 */
import { z } from 'zod';
import type { TimedFault } from '../world/nemesis.js';
import { atMost, BOUNDS } from './scenario-bounds.js';
import { count, duration, latency, probability } from './schema-primitives.js';

const node = z.string({ error: 'expected a node name like "service-1"' });
const nodes = z.array(node).min(1, 'expected at least one node');
const at = { at: duration };

/** Every fault kind with its fields; durations are converted to ms with the internal names. */
const faultKinds = [
  z.strictObject({ ...at, kind: z.literal('crash'), node, restartAfter: duration.optional() }),
  z.strictObject({ ...at, kind: z.literal('restart'), node }),
  z.strictObject({ ...at, kind: z.literal('pause'), node, duration: duration.optional() }),
  z.strictObject({ ...at, kind: z.literal('resume'), node }),
  z.strictObject({
    ...at,
    kind: z.literal('partition'),
    between: nodes,
    and: nodes,
    oneWay: z.boolean().optional(),
    duration: duration.optional(),
  }),
  z.strictObject({ ...at, kind: z.literal('heal') }),
  z.strictObject({
    ...at,
    kind: z.literal('crash-at'),
    node,
    on: z.enum(['send', 'reply']),
    peer: node,
    method: z.string().optional(),
    nth: count(BOUNDS.nth, '(the nth moment)').optional(),
    restartAfter: duration.optional(),
  }),
  z.strictObject({
    ...at,
    kind: z.literal('pause-at'),
    node,
    on: z.enum(['send', 'reply']),
    peer: node,
    method: z.string().optional(),
    nth: count(BOUNDS.nth, '(the nth moment)').optional(),
    duration,
  }),
  z.strictObject({
    ...at,
    kind: z.literal('slow-link'),
    from: node,
    to: node,
    latency,
    duration: duration.optional(),
  }),
  z.strictObject({
    ...at,
    kind: z.literal('lossy-link'),
    from: node,
    to: node,
    lossProbability: probability,
    duration: duration.optional(),
  }),
  z.strictObject({
    ...at,
    kind: z.literal('redis-restart'),
    node,
    crash: z.enum(['process', 'machine']).optional(),
    downtime: duration.optional(),
  }),
  z.strictObject({ ...at, kind: z.literal('redis-failover'), node, downtime: duration.optional() }),
  z.strictObject({
    ...at,
    kind: z.literal('redis-cache-load'),
    node,
    keys: count(BOUNDS.cacheKeys, 'keys'),
    valueBytes: count(BOUNDS.valueBytes, 'bytes'),
    ttl: duration.optional(),
    writesPerSec: z
      .number()
      .positive()
      .max(BOUNDS.arrivalRatePerSec, atMost(BOUNDS.arrivalRatePerSec, 'per second'))
      .optional(),
    keyPrefix: z.string().optional(),
  }),
  z.strictObject({
    ...at,
    kind: z.literal('slow-consumer'),
    node,
    delay: duration,
    duration: duration.optional(),
  }),
] as const;

/** File field names for durations, and the internal names they become. */
const DURATION_FIELDS: Readonly<Record<string, string>> = {
  restartAfter: 'restartAfterMs',
  duration: 'durationMs',
  downtime: 'downtimeMs',
  ttl: 'ttlMs',
  delay: 'delayMs',
};

export const FAULT_KINDS = faultKinds.map((schema) => schema.shape.kind.value);

export const faultSchema = z
  .discriminatedUnion('kind', faultKinds, { error: `expected kind: ${FAULT_KINDS.join(', ')}` })
  .transform((fault): TimedFault => {
    const { at: atMs, ...fields } = fault;
    const renamed = Object.entries(fields).map(([field, value]) => [DURATION_FIELDS[field] ?? field, value]);
    return { atMs, fault: Object.fromEntries(renamed) as TimedFault['fault'] };
  });

/** The node names a fault refers to, with the field that names each (for error paths). */
export function nodesNamedBy(
  fault: TimedFault['fault'],
): Array<{ readonly field: string; readonly node: string }> {
  const named: Array<{ field: string; node: string }> = [];
  for (const field of ['node', 'from', 'to', 'peer'] as const) {
    const value = fault[field];
    if (typeof value === 'string') named.push({ field, node: value });
  }
  for (const field of ['between', 'and'] as const) {
    const value = fault[field];
    if (!Array.isArray(value)) continue;
    for (const [index, node] of value.entries())
      named.push({ field: `${field}[${index}]`, node: String(node) });
  }
  return named;
}
