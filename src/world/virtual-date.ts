/**
 * Presents virtual time to libraries that read the wall clock (pg-mem's now(), ioredis-mock's
 * TTLs), around one synchronous call.
 *
 * Only `Date` is replaced, and only for the duration of `fn`: timers and microtasks are never
 * faked, and the real `Date` is back before anything else runs, so no real clock leaks into a run
 * and no virtual clock leaks into the CLI's own timing.
 */

/** Virtual time 0 shown as a wall-clock instant: 2026-01-01T00:00:00Z, fixed for reproducibility. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);

const RealDate = globalThis.Date;

/** The instant `VirtualDate` reports while a call runs; set just before each call. */
let presentedWallMs = VIRTUAL_EPOCH_MS;

/** Built once (not per call: building a class costs about 7 % of a Redis command). */
class VirtualDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(presentedWallMs);
    else super(...(args as [string | number]));
  }

  static override now(): number {
    return presentedWallMs;
  }

  /** A Date made outside a call (with the real clock) is still a Date to libraries that check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

/** Runs `fn` with `Date` reading `VIRTUAL_EPOCH_MS + nowMs`. Nested calls restore what they found. */
export function withVirtualDate<T>(nowMs: number, fn: () => T): T {
  const savedDate = globalThis.Date;
  const savedWallMs = presentedWallMs;
  presentedWallMs = VIRTUAL_EPOCH_MS + nowMs;
  globalThis.Date = VirtualDate as DateConstructor;
  try {
    return fn();
  } finally {
    globalThis.Date = savedDate;
    presentedWallMs = savedWallMs;
  }
}
