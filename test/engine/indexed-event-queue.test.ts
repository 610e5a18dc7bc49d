/**
 * The simulation's queue takes entries out from the middle (a timeout whose race was lost):
 * whatever is pushed, popped and removed, the rest must come out in (time, seq) order, equal
 * times in the order they were scheduled.
 */
import { describe, expect, it } from 'vitest';
import { IndexedEventQueue, NOT_QUEUED } from '../../src/engine/indexed-event-queue.js';
import { Rng } from '../../src/engine/rng.js';

class Entry {
  heapIndex = NOT_QUEUED;
  constructor(
    readonly time: number,
    readonly seq: number,
  ) {}
}

function byKey(a: Entry, b: Entry): number {
  return a.time - b.time || a.seq - b.seq;
}

describe('an indexed event queue', () => {
  it('gives the live entries in (time, seq) order through random pushes, pops and removals', () => {
    const rng = new Rng(11);
    const queue = new IndexedEventQueue<Entry>();
    let live: Entry[] = [];
    const popped: Entry[] = [];
    const expected: Entry[] = [];
    let seq = 0;
    let now = 0;
    for (let round = 0; round < 20_000; round++) {
      const roll = rng.int(0, 9);
      if (roll < 5) {
        // Few distinct times, so most comparisons are decided by seq.
        const entry = new Entry(now + rng.int(0, 4), seq++);
        queue.push(entry);
        live.push(entry);
      } else if (roll < 7 && live.length > 0) {
        const victim = rng.pick(live);
        queue.remove(victim);
        queue.remove(victim); // a second removal must be a no-op
        live = live.filter((entry) => entry !== victim);
        expect(victim.heapIndex).toBe(NOT_QUEUED);
      } else if (live.length > 0) {
        live.sort(byKey);
        const next = live.shift() as Entry;
        expected.push(next);
        const top = queue.pop() as Entry;
        popped.push(top);
        now = top.time;
        expect(top.heapIndex).toBe(NOT_QUEUED);
      }
      expect(queue.size).toBe(live.length);
    }
    expect(popped.map((entry) => entry.seq)).toEqual(expected.map((entry) => entry.seq));
  });

  it('keeps every position right through retain, so a later removal takes the right entry', () => {
    const queue = new IndexedEventQueue<Entry>();
    const entries = Array.from({ length: 100 }, (_, seq) => new Entry(seq % 7, seq));
    for (const entry of entries) queue.push(entry);
    queue.retain((entry) => entry.seq % 3 !== 0);
    for (const entry of entries) if (entry.seq % 5 === 0) queue.remove(entry);
    const order: number[] = [];
    for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) order.push(entry.seq);
    const expected = entries
      .filter((entry) => entry.seq % 3 !== 0 && entry.seq % 5 !== 0)
      .sort(byKey)
      .map((entry) => entry.seq);
    expect(order).toEqual(expected);
  });
});
