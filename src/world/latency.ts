/**
 * Latency distributions for links and for work done at a node (a provider's processing time).
 *
 * Heavy tails matter here: a payment provider's p99.9 is what outlives a client timeout or a
 * Redis TTL, so log-normal and Pareto are first-class. Every draw can be capped, because a real
 * stack has some upper bound (a load balancer's idle timeout) and an uncapped Pareto can return
 * hours.
 */
import type { Rng } from '../engine/rng.js';
import { roundToMicros } from '../engine/time.js';

export type LatencySpec =
  /** Always `ms`. */
  | { readonly kind: 'constant'; readonly ms: number }
  /** Uniform in [minMs, maxMs]. */
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Exponential with mean `meanMs`, plus `minMs` (default 0) of fixed cost. */
  | {
      readonly kind: 'exponential';
      readonly meanMs: number;
      readonly minMs?: number;
      readonly capMs?: number;
    }
  /** Log-normal with median `medianMs` and shape `sigma` (0.5 is mild, 1.5 is a heavy tail). */
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number; readonly capMs?: number }
  /** Pareto with scale `minMs` (the smallest value) and shape `alpha` (smaller is heavier). */
  | { readonly kind: 'pareto'; readonly minMs: number; readonly alpha: number; readonly capMs?: number };

/** One draw, in ms, rounded to microseconds so traces print short, stable numbers. */
export function sampleLatency(spec: LatencySpec, rng: Rng): number {
  return roundToMicros(draw(spec, rng));
}

function draw(spec: LatencySpec, rng: Rng): number {
  switch (spec.kind) {
    case 'constant':
      return spec.ms;
    case 'uniform':
      return spec.minMs + rng.float() * (spec.maxMs - spec.minMs);
    case 'exponential':
      return cap((spec.minMs ?? 0) + -Math.log(1 - rng.float()) * spec.meanMs, spec.capMs);
    case 'lognormal':
      return cap(spec.medianMs * Math.exp(spec.sigma * standardNormal(rng)), spec.capMs);
    case 'pareto':
      return cap(spec.minMs / (1 - rng.float()) ** (1 / spec.alpha), spec.capMs);
  }
}

/** Box-Muller; uses two draws so the stream advances by a fixed amount per sample. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.float();
  const u2 = rng.float();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function cap(ms: number, capMs: number | undefined): number {
  return capMs === undefined ? ms : Math.min(ms, capMs);
}

/** A short human label: "lognormal(median 200ms, sigma 1)". */
export function describeLatency(spec: LatencySpec): string {
  switch (spec.kind) {
    case 'constant':
      return `${spec.ms}ms`;
    case 'uniform':
      return `uniform(${spec.minMs}..${spec.maxMs}ms)`;
    case 'exponential':
      return `exponential(mean ${spec.meanMs}ms)`;
    case 'lognormal':
      return `lognormal(median ${spec.medianMs}ms, sigma ${spec.sigma})`;
    case 'pareto':
      return `pareto(min ${spec.minMs}ms, alpha ${spec.alpha})`;
  }
}
