/**
 * Zod schemas for the values scenario files use everywhere: durations, rates, probabilities,
 * latency distributions. Each failure message says what form was expected.
 */
import { z } from 'zod';
import type { LatencySpec } from '../world/latency.js';
import { explainIssue } from './schema-issues.js';
import { atMost, BOUNDS } from './scenario-bounds.js';
import { parseBytes, parseDurationMs, parseRatePerSec } from './units.js';

/** A number, or text in a human form that `parse` understands; the message shows the form. */
function human(parse: (value: unknown) => number | undefined, form: string) {
  return z.union([z.number(), z.string()]).transform((value, context) => {
    const parsed = parse(value);
    if (parsed === undefined) {
      context.addIssue({ code: 'custom', message: `expected ${form}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  });
}

const DURATION_FORM = 'a duration like "1.5s" or "250ms"';

/** A duration of at most a year (sums of durations stay finite). */
export const duration = human(parseDurationMs, DURATION_FORM).pipe(
  z.number().max(BOUNDS.durationMs, atMost(BOUNDS.durationMs / 86_400_000, 'days')),
);

/** A duration that must last: a timeout or a period of 0 would never let time move on. */
export const positiveDuration = duration.pipe(
  z.number().positive(`expected ${DURATION_FORM} longer than 0ms`),
);

export const rate = human(parseRatePerSec, 'a rate like "30/s" or "5/min"').pipe(
  z.number().max(BOUNDS.arrivalRatePerSec, atMost(BOUNDS.arrivalRatePerSec, 'per second')),
);

export const bytes = human(parseBytes, 'a size like "64kb" or "1mb"');

export const probability = z.number({ error: 'expected a probability between 0 and 1' }).min(0).max(1);

export const positiveInt = z.number({ error: 'expected a whole number of 1 or more' }).int().min(1);

/** A whole number from 1 to `max`; the refusal names the bound and what is counted. */
export function count(max: number, noun: string) {
  return positiveInt.max(max, atMost(max, noun));
}

const lognormal = z.strictObject({
  kind: z.literal('lognormal'),
  median: duration,
  sigma: z.number().positive().max(BOUNDS.sigma, atMost(BOUNDS.sigma, '(a heavier tail overflows)')),
  cap: duration.optional(),
});
const pareto = z.strictObject({
  kind: z.literal('pareto'),
  min: duration,
  alpha: z.number().min(BOUNDS.alphaMin, `expected at least ${BOUNDS.alphaMin} (a heavier tail overflows)`),
  cap: duration.optional(),
});
const exponential = z.strictObject({
  kind: z.literal('exponential'),
  mean: duration,
  min: duration.optional(),
  cap: duration.optional(),
});
const uniform = z.strictObject({ kind: z.literal('uniform'), min: duration, max: duration });
const constant = z.strictObject({ kind: z.literal('constant'), value: duration });

/** Drops undefined fields (exactOptionalPropertyTypes: absent, not undefined). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as never;
}

/** A latency written as a mapping with a `kind`; exported so a sweep can find its fields. */
export const latencyDistribution = z
  .discriminatedUnion('kind', [constant, uniform, exponential, lognormal, pareto], {
    error: 'expected kind: constant, uniform, exponential, lognormal or pareto',
  })
  .transform((spec): LatencySpec => {
    switch (spec.kind) {
      case 'constant':
        return { kind: 'constant', ms: spec.value };
      case 'uniform':
        return { kind: 'uniform', minMs: spec.min, maxMs: spec.max };
      case 'exponential':
        return defined({ kind: 'exponential', meanMs: spec.mean, minMs: spec.min, capMs: spec.cap });
      case 'lognormal':
        return defined({ kind: 'lognormal', medianMs: spec.median, sigma: spec.sigma, capMs: spec.cap });
      case 'pareto':
        return defined({ kind: 'pareto', minMs: spec.min, alpha: spec.alpha, capMs: spec.cap });
    }
  });

const fixed = duration.transform((ms): LatencySpec => ({ kind: 'constant', ms }));

/**
 * A fixed duration ("5ms"), or a distribution: { kind: lognormal, median: 300ms, sigma: 1, cap: 10s }.
 * Dispatches on the shape instead of using a union, so a mistake is reported at its own path
 * ("provider.latency.median: expected a duration") rather than as "invalid input".
 */
export const latency = z.unknown().transform((value, context): LatencySpec => {
  const result = (typeof value === 'object' && value !== null ? latencyDistribution : fixed).safeParse(value);
  if (result.success) return result.data;
  for (const { path, message } of result.error.issues.flatMap(explainIssue)) {
    context.addIssue({
      code: 'custom',
      message,
      path: path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    });
  }
  return z.NEVER;
});
