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
  /**
   * The first subscriber, and the others in an array made only for a second one: most futures
   * (an RPC's reply, a served call's process, a broker's "new data" signal under one long-poll)
   * get one or none, and each RPC round trip would otherwise make three arrays.
   */
  private first: Subscriber<T> | undefined;
  private others: Array<Subscriber<T>> | undefined;

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
    const { first, others } = this;
    // Resolved, `subscribe` calls back at once and never adds to the list again.
    this.first = undefined;
    this.others = undefined;
    if (first !== undefined) notify(first, value);
    if (others !== undefined) for (const subscriber of others) notify(subscriber, value);
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
    this.add(subscriber);
    // After resolution the list is gone, so this finds nothing to remove.
    return () => this.remove(subscriber);
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
    this.add(listener);
  }

  /** Takes back a listener; after resolution (or if never listening) it does nothing. */
  unlisten(listener: FutureListener<T>): void {
    this.remove(listener);
  }

  private add(subscriber: Subscriber<T>): void {
    if (this.first === undefined) {
      this.first = subscriber;
      return;
    }
    this.others ??= [];
    this.others.push(subscriber);
  }

  /** Removes the last time `subscriber` came; the order of the rest is kept. */
  private remove(subscriber: Subscriber<T>): void {
    const others = this.others;
    const index = others === undefined ? -1 : others.lastIndexOf(subscriber);
    if (others !== undefined && index >= 0) others.splice(index, 1);
    else if (this.first === subscriber) this.first = others?.shift();
  }
}

function notify<T>(subscriber: Subscriber<T>, value: T): void {
  if (typeof subscriber === 'function') subscriber(value);
  else subscriber.notify(value);
}

const NOTHING_TO_UNDO = (): void => {};
