/**
 * A binary min-heap of scheduled events ordered by (time, seq).
 *
 * The sequence number is the tie-breaker that makes equal times run in the order they were
 * scheduled, which is what makes a run reproducible: no two entries ever compare equal.
 */

/** What the queue needs to know about an entry to order it. */
export interface Scheduled {
  /** Virtual time in ms at which the entry is due. */
  readonly time: number;
  /** Scheduling order, unique per queue; breaks ties between equal times. */
  readonly seq: number;
}

export function precedes(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue<T extends Scheduled> {
  protected readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(entry: T): void {
    this.heap.push(entry);
    this.siftUp(entry, this.heap.length - 1);
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    this.siftDown(last);
    return top;
  }

  /**
   * Drops every entry `keep` refuses and rebuilds the heap in O(n). The order the rest come out
   * in is unchanged: it is (time, seq), a total order, whatever the heap's shape.
   */
  retain(keep: (entry: T) => boolean): void {
    const heap = this.heap;
    let kept = 0;
    for (const entry of heap) if (keep(entry)) this.place(entry, kept++);
    heap.length = kept;
    for (let index = (kept >> 1) - 1; index >= 0; index--) this.siftDown(heap[index] as T, index);
  }

  /** Puts `entry` at `index`: every move in the heap goes through here (see IndexedEventQueue). */
  protected place(entry: T, index: number): void {
    this.heap[index] = entry;
  }

  /** Places `entry` at `start` and moves it up to where it belongs. */
  protected siftUp(entry: T, start: number): void {
    const heap = this.heap;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as T;
      if (!precedes(entry, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(entry, index);
  }

  /** Places `entry` at `index` (default the root) and moves it down to where it belongs. */
  protected siftDown(entry: T, start = 0): void {
    const heap = this.heap;
    const length = heap.length;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && precedes(heap[right] as T, heap[left] as T)) child = right;
      const childEntry = heap[child] as T;
      if (!precedes(childEntry, entry)) break;
      this.place(childEntry, index);
      index = child;
    }
    this.place(entry, index);
  }
}
