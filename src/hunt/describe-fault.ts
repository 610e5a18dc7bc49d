/**
 * One fault of a plan in words ("At 3ms service-1 pauses (stop-the-world) for 1.042s."), for a
 * counterexample's story and for play, which lists a scenario's faults to switch on and off.
 * Every kind a scenario file can name is told; a kind registered by other code and unknown here
 * falls back to its name.
 */
import { duration } from '../scenario/scenario-file-writer.js';
import type { LatencySpec } from '../world/latency.js';
import type { AnyFault, TimedFault } from '../world/nemesis.js';

export function describeFault({ atMs, fault }: TimedFault): string {
  const at = `At ${duration(atMs)}`;
  return `${at} ${nodeFault(fault) ?? linkFault(fault) ?? storeFault(fault) ?? `${fault.kind}${typeof fault.node === 'string' ? ` on ${fault.node}` : ''}`}.`;
}

function nodeFault(fault: AnyFault): string | undefined {
  const node = String(fault.node);
  const later = (ms: unknown) => (typeof ms === 'number' ? ` and restarts ${duration(ms)} later` : '');
  switch (fault.kind) {
    case 'pause':
      return `${node} pauses (stop-the-world)${lasting(fault.durationMs)}`;
    case 'resume':
      return `${node} resumes`;
    case 'crash':
      return `${node} crashes${later(fault.restartAfterMs)}`;
    case 'restart':
      return `${node} restarts`;
    case 'crash-at':
      return `${node} is set to die when ${rpcPoint(fault)}${later(fault.restartAfterMs)}`;
    case 'pause-at':
      return `${node} is set to pause (stop-the-world)${lasting(fault.durationMs)} when ${rpcPoint(fault)}`;
    default:
      return undefined;
  }
}

/** The moment a crash-at or pause-at fault is aimed at. */
function rpcPoint(fault: AnyFault): string {
  const nth = ordinal(typeof fault.nth === 'number' ? fault.nth : 1);
  const method = typeof fault.method === 'string' ? ` ${fault.method}` : '';
  return fault.on === 'reply'
    ? `the ${nth}${method} reply from ${String(fault.peer)} reaches it`
    : `it is about to send its ${nth}${method} request to ${String(fault.peer)}`;
}

function linkFault(fault: AnyFault): string | undefined {
  switch (fault.kind) {
    case 'partition': {
      const [between, and] = [listOf(fault.between), listOf(fault.and)];
      const link =
        fault.oneWay === true
          ? `everything sent from ${words(between)} to ${words(and)} is lost`
          : `${words(between)} ${between.length === 1 ? 'is' : 'are'} cut off from ${words(and)}`;
      return `${link}${lasting(fault.durationMs)}`;
    }
    case 'heal':
      return 'every partition heals';
    case 'slow-link':
      return `the link from ${String(fault.from)} to ${String(fault.to)} slows to ${latencyInWords(fault.latency as LatencySpec)}${lasting(fault.durationMs)}`;
    case 'lossy-link':
      return `the link from ${String(fault.from)} to ${String(fault.to)} loses ${percent(fault.lossProbability)} of its messages${lasting(fault.durationMs)}`;
    default:
      return undefined;
  }
}

function storeFault(fault: AnyFault): string | undefined {
  const downtime = duration(typeof fault.downtimeMs === 'number' ? fault.downtimeMs : 0);
  switch (fault.kind) {
    case 'redis-restart':
      return `redis's ${fault.crash === 'machine' ? 'machine' : 'process'} crashes; it serves again ${downtime} later`;
    case 'redis-failover':
      return `redis fails over to its replica, serving again ${downtime} later`;
    case 'redis-cache-load': {
      const ttl = typeof fault.ttlMs === 'number' ? `, each with a ${duration(fault.ttlMs)} TTL` : '';
      return `another tenant starts writing ${String(fault.keys)} cache keys of ${String(fault.valueBytes)} bytes into ${String(fault.node)}${ttl}`;
    }
    case 'slow-consumer':
      return `${String(fault.node)} takes ${duration(Number(fault.delayMs))} longer before handling each record${lasting(fault.durationMs)}`;
    default:
      return undefined;
  }
}

function lasting(ms: unknown): string {
  return typeof ms === 'number' ? ` for ${duration(ms)}` : '';
}

function latencyInWords(spec: LatencySpec): string {
  switch (spec.kind) {
    case 'constant':
      return duration(spec.ms);
    case 'uniform':
      return `between ${duration(spec.minMs)} and ${duration(spec.maxMs)}`;
    case 'exponential':
      return `about ${duration(spec.meanMs)} on average`;
    case 'lognormal':
      return `about ${duration(spec.medianMs)} (log-normal, sigma ${spec.sigma})`;
    case 'pareto':
      return `at least ${duration(spec.minMs)} with a heavy tail (Pareto, alpha ${spec.alpha})`;
  }
}

function percent(probability: unknown): string {
  return `${Math.round(Number(probability) * 1000) / 10}%`;
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** ["a", "b", "c"] -> "a, b and c". */
function words(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}
