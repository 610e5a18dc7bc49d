/**
 * What the event queue holds: a wake-up of a process, or a call of a plain callback.
 */
import { type Indexed, NOT_QUEUED } from './indexed-event-queue.js';
import type { Process } from './process.js';

/**
 * Kept to six fields, one class: with 10,000 processes the queue's memory traffic is the
 * engine's cost, and a heap of one shape compares faster than a heap of two.
 */
export class SimEvent implements Indexed {
  /** Kept by the queue (see Indexed). */
  heapIndex = NOT_QUEUED;

  constructor(
    readonly time: number,
    readonly seq: number,
    /** The process to resume, or the callback to call. */
    readonly target: Process | Callback,
    /** For a process, its token when this wake-up was arranged: an older one is stale. */
    readonly token: number,
    /** What the process resumes with. */
    readonly value: unknown,
  ) {}
}

/**
 * A plain callback (see `schedule` and `observe`). A subclass may override `fire` instead of
 * handing an action: an object that is already allocated per message (a network delivery) then
 * costs no closure on top.
 */
export class Callback {
  constructor(
    private readonly action: (() => void) | undefined,
    /** Shown by `step()`. */
    readonly label: string,
    /** Only looks and records (see `observe`): never keeps a run going. */
    readonly observer: boolean,
  ) {}

  /** Runs the callback at its time. */
  fire(): void {
    (this.action as () => void)();
  }
}
