/**
 * Time spent inside some methods of a class, for a benchmark that wants to know one component's
 * share of a run (pg-mem's, in hunt-bench.ts) without a clock read in the product's code. The
 * methods are wrapped on the prototype until `restore`; a call made from inside another wrapped
 * call is counted once, by the outer one. Wall time from `performance.now()`: the benchmarks are
 * single-threaded and CPU-bound, so it is CPU time to within the clock's own cost (about 0.1 µs a
 * call, which the caller should keep in mind when calls are many and short). Tests pass a clock.
 */
import { performance } from 'node:perf_hooks';

export interface TimeInside {
  /** Milliseconds spent inside the wrapped methods since the wrap, or since the last `reset`. */
  readonly elapsedMs: () => number;
  readonly reset: () => void;
  /** Puts the original methods back. */
  readonly restore: () => void;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

export function timeInside(
  prototype: object,
  methods: readonly string[],
  clock: () => number = () => performance.now(),
): TimeInside {
  const target = prototype as Record<string, Method>;
  const originals = methods.map((name) => {
    const original = target[name];
    if (typeof original !== 'function') throw new Error(`timeInside: ${name} is not a method`);
    return [name, original] as const;
  });
  let elapsedMs = 0;
  let depth = 0;
  for (const [name, original] of originals) {
    target[name] = function timed(this: unknown, ...args: unknown[]): unknown {
      if (depth > 0) return original.apply(this, args);
      depth++;
      const started = clock();
      try {
        return original.apply(this, args);
      } finally {
        elapsedMs += clock() - started;
        depth--;
      }
    };
  }
  return {
    elapsedMs: () => elapsedMs,
    reset: () => {
      elapsedMs = 0;
    },
    restore: () => {
      for (const [name, original] of originals) target[name] = original;
    },
  };
}
