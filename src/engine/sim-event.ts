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
 * Something the queue calls at its time (see `schedule`, `scheduleCallback` and `observe`): what
 * it does is its subclass's `fire`. A plain action is an ActionCallback; an object already
 * allocated per message (a network delivery) extends this itself, and costs no closure on top.
 */
export abstract class Callback {
  constructor(
    /** Shown by `step()`. */
    readonly label: string,
    /** Only looks and records (see `observe`): never keeps a run going. */
    readonly observer: boolean,
  ) {}

  /** Runs the callback at its time. */
  abstract fire(): void;
}

/** A callback that runs a plain action. */
export class ActionCallback extends Callback {
  constructor(
    private readonly action: () => void,
    label: string,
    observer: boolean,
  ) {
    super(label, observer);
  }

  fire(): void {
    this.action();
  }
}
