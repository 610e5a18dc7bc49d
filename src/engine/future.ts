/**
 * A value that will be known later: an RPC reply, a process's result, a lock release.
 *
 * Futures only resolve; they never reject. Failure is a value (an RPC outcome says ok, fail or
 * info), which keeps "the caller cannot know" explicit instead of hiding it in an exception.
 * Subscribers are called synchronously on resolve; the simulation uses them only to schedule a
 * wake-up event, so ordering stays under the event queue's control.
 */
/**
 * A subscriber as an object: one allocation where a closure costs two or three (itself, its
 * context, and the closure that takes it back), for the engine's wait with a timeout, which
 * every RPC makes.
 */
export interface FutureListener<T> {
  notify(value: T): void;
}

type Subscriber<T> = ((value: T) => void) | FutureListener<T>;

export class Future<T> {
  private resolved = false;
  private result: T | undefined;
  /** Made at the first subscription: many futures (a process's result, most replies) get one or none. */
  private subscribers: Array<Subscriber<T>> | undefined;

  get settled(): boolean {
    return this.resolved;
  }

  /** The resolved value; throws if read before resolution (a bug in the caller). */
  get value(): T {
    if (!this.resolved) throw new Error('Future.value read before the future was resolved');
    return this.result as T;
  }

  /** Resolves once; later calls are ignored and return false (first writer wins). */
  resolve(value: T): boolean {
    if (this.resolved) return false;
    this.resolved = true;
    this.result = value;
    const subscribers = this.subscribers;
    // Resolved, `subscribe` calls back at once and never adds to a list again.
    this.subscribers = undefined;
    if (subscribers === undefined) return true;
    for (const subscriber of subscribers) {
      if (typeof subscriber === 'function') subscriber(value);
      else subscriber.notify(value);
    }
    return true;
  }

  /**
   * Calls `subscriber` on resolution, or at once if already resolved. Returns a function that
   * takes the subscription back: a wait that timed out must not stay subscribed, or a future that
   * stays unresolved for hours (a broker's "new data" signal under an idle long-poll) gathers one
   * subscriber per timed-out wait.
   */
  subscribe(subscriber: (value: T) => void): () => void {
    if (this.resolved) {
      subscriber(this.result as T);
      return NOTHING_TO_UNDO;
    }
    this.subscribers ??= [];
    const subscribers = this.subscribers;
    subscribers.push(subscriber);
    return () => {
      // `resolve` swaps the array out, so after resolution this finds nothing to remove.
      const index = subscribers.lastIndexOf(subscriber);
      if (index >= 0) subscribers.splice(index, 1);
    };
  }

  /**
   * `subscribe` for a listener object, which `unlisten` takes back (no closure either way).
   * Listeners and subscribers are called in the order they came, all in one list.
   */
  listen(listener: FutureListener<T>): void {
    if (this.resolved) {
      listener.notify(this.result as T);
      return;
    }
    this.subscribers ??= [];
    this.subscribers.push(listener);
  }

  /** Takes back a listener; after resolution (or if never listening) it does nothing. */
  unlisten(listener: FutureListener<T>): void {
    const subscribers = this.subscribers;
    if (subscribers === undefined) return;
    const index = subscribers.lastIndexOf(listener);
    if (index >= 0) subscribers.splice(index, 1);
  }
}

const NOTHING_TO_UNDO = (): void => {};
