/**
 * The provider's latency in the two numbers a workshop talks about: the median (a typical
 * charge) and the 99th percentile (the tail that outlives timeouts and TTLs), read from any
 * distribution and written back as a log-normal one.
 *
 * Writing keeps the distribution's shape where it can: a new median scales a log-normal (its
 * sigma, and so the ratio p99 / median, stays); a new p99 sets the sigma. A distribution of
 * another kind is first turned into the log-normal with the same median and p99 (constant stays
 * constant for a new median). Quantiles are exact for every kind, capped like the draws are.
 */
import type { LatencySpec } from '../world/latency.js';

/** The standard normal's 99th percentile: a log-normal's p99 is median × e^(sigma × this). */
const Z_P99 = 2.3263478740408408;

/** sigma is kept to three decimals, so the file stays readable; p99 is then shown as "about". */
const SIGMA_DECIMALS = 1000;

export function medianMs(spec: LatencySpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.ms;
    case 'uniform':
      return (spec.minMs + spec.maxMs) / 2;
    case 'exponential':
      return capped((spec.minMs ?? 0) + spec.meanMs * Math.LN2, spec.capMs);
    case 'lognormal':
      return capped(spec.medianMs, spec.capMs);
    case 'pareto':
      return capped(spec.minMs * 2 ** (1 / spec.alpha), spec.capMs);
  }
}

export function p99Ms(spec: LatencySpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.ms;
    case 'uniform':
      return spec.minMs + 0.99 * (spec.maxMs - spec.minMs);
    case 'exponential':
      return capped((spec.minMs ?? 0) + spec.meanMs * Math.log(100), spec.capMs);
    case 'lognormal':
      return capped(spec.medianMs * Math.exp(spec.sigma * Z_P99), spec.capMs);
    case 'pareto':
      return capped(spec.minMs * 100 ** (1 / spec.alpha), spec.capMs);
  }
}

/** The cap of a distribution, ms, if it has one (the provider gives up there). */
export function capMs(spec: LatencySpec): number | undefined {
  return spec.kind === 'exponential' || spec.kind === 'lognormal' || spec.kind === 'pareto'
    ? spec.capMs
    : undefined;
}

/** The same shape around a new median. */
export function withMedianMs(spec: LatencySpec, ms: number): LatencySpec {
  if (spec.kind === 'constant') return { kind: 'constant', ms };
  const { sigma, cap } = asLognormal(spec);
  return lognormal(ms, sigma, cap);
}

/** The same median with a new p99; a problem when the p99 is below the median or past the cap. */
export function withP99Ms(
  spec: LatencySpec,
  ms: number,
): { readonly spec: LatencySpec } | { readonly problem: string } {
  const { median, cap } = asLognormal(spec);
  if (ms < median) return { problem: `the p99 cannot be below the median (${formatRoughly(median)})` };
  if (cap !== undefined && ms > cap)
    return { problem: `the provider gives up at ${formatRoughly(cap)}; choose a p99 at or below it` };
  const sigma = Math.round((Math.log(ms / median) / Z_P99) * SIGMA_DECIMALS) / SIGMA_DECIMALS;
  return { spec: lognormal(median, sigma, cap) };
}

function asLognormal(spec: LatencySpec): { median: number; sigma: number; cap: number | undefined } {
  if (spec.kind === 'lognormal') return { median: spec.medianMs, sigma: spec.sigma, cap: spec.capMs };
  const median = medianMs(spec);
  const sigma =
    median > 0 ? Math.round((Math.log(p99Ms(spec) / median) / Z_P99) * SIGMA_DECIMALS) / SIGMA_DECIMALS : 0;
  return { median, sigma, cap: capMs(spec) };
}

function lognormal(median: number, sigma: number, cap: number | undefined): LatencySpec {
  return cap === undefined
    ? { kind: 'lognormal', medianMs: median, sigma }
    : { kind: 'lognormal', medianMs: median, sigma, capMs: cap };
}

function capped(ms: number, cap: number | undefined): number {
  return cap === undefined ? ms : Math.min(ms, cap);
}

/** Two significant digits in a human unit: 3059.2 -> "3.1s", 232.6 -> "230ms", 0.42 -> "0.42ms". */
export function formatRoughly(ms: number): string {
  if (ms === 0) return '0ms';
  const digits = Math.floor(Math.log10(Math.abs(ms))) - 1;
  const rounded = Math.round(ms / 10 ** digits) * 10 ** digits;
  const clean = Number(rounded.toPrecision(2));
  if (clean >= 60_000) return `${Number((clean / 60_000).toPrecision(2))}m`;
  if (clean >= 1000) return `${Number((clean / 1000).toPrecision(2))}s`;
  return `${clean}ms`;
}
