/**
 * Which nodes a strategy's workers call, read off a probe run's trace: a hunt cuts only links that
 * exist, so its budget goes to faults that can matter (a user's strategy declares nothing).
 */
import type { TraceEvent } from '../engine/trace.js';

export interface TouchedNodes {
  /** Nodes service instances called (stores, the provider, the broker). */
  readonly servicePeers: readonly string[];
  /** Nodes Kafka consumers called. */
  readonly consumerPeers: readonly string[];
}

export function touchedNodes(trace: readonly TraceEvent[]): TouchedNodes {
  const service = new Set<string>();
  const consumer = new Set<string>();
  for (const entry of trace) {
    if (entry.type !== 'rpc.call') continue;
    const { from, to } = entry;
    if (from.startsWith('service-')) service.add(to);
    else if (from.startsWith('consumer-')) consumer.add(to);
  }
  return { servicePeers: [...service].sort(), consumerPeers: [...consumer].sort() };
}
