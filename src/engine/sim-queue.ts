/**
 * The simulation's queue of events: it numbers each event in the order it is scheduled (equal
 * times run in that order, DESIGN.md section 2), takes a lost timeout out from the middle
 * (IndexedEventQueue), and drops dead wake-ups as it grows.
 */
import { IndexedEventQueue } from './indexed-event-queue.js';
import { Process } from './process.js';
import { type Callback, SimEvent } from './sim-event.js';

/** Queue length below which dead wake-ups are left to be skipped one by one. */
const COMPACT_SIZE_MIN = 4096;

export class SimQueue extends IndexedEventQueue<SimEvent> {
  private nextSeq = 0;
  /** Queue length at which dead wake-ups are next dropped (see `compact`). */
  private compactAtSize = COMPACT_SIZE_MIN;

  /** Queues an event for `target` at `time`, numbered after every event scheduled before it. */
  add(time: number, target: Process | Callback, token: number, value: unknown): SimEvent {
    const event = new SimEvent(time, this.nextSeq++, target, token, value);
    this.push(event);
    if (this.size >= this.compactAtSize) this.compact();
    return event;
  }

  /**
   * Drops the wake-ups that can no longer wake anything. A timeout whose race was lost leaves
   * at once (see Simulation.dropTimeoutWake); what is left for this are the wake-ups of killed
   * processes (a crashed node's callers, each timeout up to a minute long, for a proxy's
   * upstream) and the rarer stale ones (a timeout held by a freeze and released by the thaw).
   * Run each time the queue has doubled since the last, so it costs O(1) a push. The live events
   * keep their order; only the 'skipped' steps the dead ones would have taken are gone (so
   * `run()` without `untilMs` may stop at the last live event rather than at a dead one after it).
   */
  private compact(): void {
    this.retain((event) => !(event.target instanceof Process) || isLive(event.target, event.token));
    this.compactAtSize = Math.max(COMPACT_SIZE_MIN, this.size * 2);
  }
}

/** Whether a wake-up arranged with `token` would still resume the process (see Simulation.resume). */
export function isLive(process: Process, token: number): boolean {
  return process.token === token && process.alive;
}
