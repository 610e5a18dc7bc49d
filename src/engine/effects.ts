/**
 * The effects a process can yield, and the primitives that yield them.
 *
 * Processes are generator functions. A primitive such as `sleep` is itself a tiny generator, so
 * process code composes with `yield*` and gets typed results back:
 *
 *   const reply = yield* waitWithTimeout(future, 500);
 *
 * Everything else (spawning, reading the clock) is a plain call on the simulation, because it
 * does not need to suspend the process.
 */
import type { Future } from './future.js';

export type Effect =
  | { readonly kind: 'sleep'; readonly ms: number }
  | { readonly kind: 'wait'; readonly future: Future<unknown> }
  | { readonly kind: 'wait-timeout'; readonly future: Future<unknown>; readonly ms: number }
  | { readonly kind: 'promise'; readonly start: () => Promise<unknown> };

/** A process body, or any step of one, that finishes with a `T`. */
export type Proc<T = void> = Generator<Effect, T, unknown>;

/** A future raced against a timeout. */
export type Raced<T> = { readonly kind: 'value'; readonly value: T } | { readonly kind: 'timeout' };

/**
 * One effect, then done: the shape of every primitive. A plain object rather than a generator
 * function, because `sleep` runs once per event and a generator costs several allocations more;
 * `yield*` accepts any iterator, and the engine never throws into a primitive.
 */
class SingleEffect<T> implements Generator<Effect, T, unknown> {
  private yielded = false;

  constructor(private readonly effect: Effect) {}

  next(input?: unknown): IteratorResult<Effect, T> {
    if (this.yielded) return { done: true, value: input as T };
    this.yielded = true;
    return { done: false, value: this.effect };
  }

  return(value: T): IteratorResult<Effect, T> {
    this.yielded = true;
    return { done: true, value };
  }

  throw(error: unknown): IteratorResult<Effect, T> {
    throw error;
  }

  [Symbol.iterator](): Generator<Effect, T, unknown> {
    return this;
  }
}

/** Suspends for `ms` of virtual time (0 yields to every other event due now). */
export function sleep(ms: number): Proc<void> {
  return new SingleEffect<void>({ kind: 'sleep', ms });
}

/** Suspends until the future resolves; returns its value. */
export function wait<T>(future: Future<T>): Proc<T> {
  return new SingleEffect<T>({ kind: 'wait', future: future as Future<unknown> });
}

/**
 * Suspends until the future resolves or `ms` pass, whichever comes first. A SingleEffect too:
 * every RPC waits with a timeout, and an idle Kafka consumer long-polls twice a second.
 */
export function waitWithTimeout<T>(future: Future<T>, ms: number): Proc<Raced<T>> {
  return new SingleEffect<Raced<T>>({ kind: 'wait-timeout', future: future as Future<unknown>, ms });
}

/**
 * Runs work that completes through a promise (ioredis-mock replies through microtasks) without
 * letting virtual time move: the simulation awaits it inside the current step, so nothing else
 * interleaves. `start` runs synchronously when the effect is dispatched. A rejection is thrown
 * into the process at the `yield*`.
 */
export function* awaitPromise<T>(start: () => Promise<T>): Proc<T> {
  return (yield { kind: 'promise', start }) as T;
}
