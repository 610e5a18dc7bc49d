/**
 * An event queue that knows where each entry sits, so it can take one out from the middle.
 *
 * The simulation's own queue: a wait with a timeout that ends early leaves its timeout behind,
 * and taking that out at once (see Simulation.dropTimeoutWake) keeps the heap to the live events.
 * The order entries come out in is fixed by their (time, seq) keys alone, whatever the heap's
 * shape, so taking one out cannot reorder the others.
 */
import { EventQueue, precedes, type Scheduled } from './event-queue.js';

/** An entry that carries its own position in the heap. */
export interface Indexed extends Scheduled {
  /** Kept by the queue: where the entry is in the heap, or NOT_QUEUED. */
  heapIndex: number;
}

/** The `heapIndex` of an entry that is not (or no longer) in the queue. */
export const NOT_QUEUED = -1;

export class IndexedEventQueue<T extends Indexed> extends EventQueue<T> {
  override pop(): T | undefined {
    const top = super.pop();
    if (top !== undefined) top.heapIndex = NOT_QUEUED;
    return top;
  }

  /**
   * Takes `entry` out in O(log n); one not in the queue is left alone. The last leaf fills its
   * place and moves up or down to where its key belongs.
   */
  remove(entry: Indexed): void {
    const index = entry.heapIndex;
    if (index === NOT_QUEUED) return;
    entry.heapIndex = NOT_QUEUED;
    const heap = this.heap;
    const last = heap.pop() as T;
    if (index === heap.length) return; // it was the last leaf
    if (index > 0 && precedes(last, heap[(index - 1) >> 1] as T)) this.siftUp(last, index);
    else this.siftDown(last, index);
  }

  override retain(keep: (entry: T) => boolean): void {
    super.retain((entry) => {
      if (keep(entry)) return true;
      entry.heapIndex = NOT_QUEUED;
      return false;
    });
  }

  protected override place(entry: T, index: number): void {
    this.heap[index] = entry;
    entry.heapIndex = index;
  }
}
