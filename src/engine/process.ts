/**
 * A process is a generator driven by the simulation, and a group is what a process runs on.
 *
 * The engine knows nothing of machines; it only knows that some processes share a fate. A group
 * can be killed (every process in it vanishes at whatever effect it was waiting on, and no
 * finally block runs, as with kill -9) or frozen (its processes' wake-ups are held back until it
 * thaws, as in a stop-the-world pause; time elsewhere keeps moving). The world layer maps its
 * nodes onto groups.
 *
 * A process body is best a module-level generator function or a class's generator method, not a
 * generator function written inside another function: V8 gives every generator closure a map of
 * its own, and a young-generation GC treats the old generation's weak references to that map as
 * strong, so the closure's context (for a run's component, the run's whole world) outlives the
 * run into the old generation. A hunt of short runs spent a fifth of its time copying them
 * (test/hunt/runs-die-young.test.ts).
 */
import type { Proc } from './effects.js';
import type { Indexed } from './indexed-event-queue.js';
import { Future, type FutureListener } from './future.js';

export class ProcessGroup {
  /** Bumped on every kill: processes spawned in an older epoch are dead. */
  epoch = 0;
  /** While true, wake-ups of this group's processes wait in `deferred`. */
  frozen = false;
  /** Wake-ups held back by a freeze, in the order they fell due. */
  readonly deferred: unknown[] = [];

  constructor(readonly name: string) {}
}

/**
 * A process name that is built only if something reads it (a trace, an error, `step()`): an
 * RPC's handler process is named after the call, and a hunt case spawns hundreds of them that
 * nobody ever names. `describe` must give the same string whenever it is called.
 */
export interface ProcessName {
  describe(): string;
}

export class Process<T = unknown> {
  /** Incremented on every resume; a wake-up carrying an older token is stale and ignored. */
  token = 0;
  finished = false;
  /** The virtual millisecond the resume budget is counting (see SimulationOptions.resumesPerMsMax). */
  budgetWindowMs = -1;
  /** Resumes within `budgetWindowMs`. */
  resumesInWindow = 0;
  /**
   * The future a wait with a timeout listens to, and its listener: taken back when the process
   * next resumes (by the future or by the timeout: after either, the other must not keep a
   * reference).
   */
  waitingOn: Future<unknown> | undefined = undefined;
  waitListener: FutureListener<unknown> | undefined = undefined;
  /**
   * That wait's timeout wake-up, while it may still be queued: taken out of the queue when the
   * process next resumes (see Simulation.advance), since from then on it could only be skipped.
   */
  timeoutWake: Indexed | undefined = undefined;
  readonly epoch: number;
  /** Made when first asked for (see `done`): most processes are never waited on. */
  private doneFuture: Future<T> | undefined = undefined;
  /** Told the result as the body ends, before `done`'s subscribers (see `onFinish`). */
  private finishListener: FutureListener<T> | undefined = undefined;
  /** The body's return value, kept for a `done` first asked for after the end. */
  private result: T | undefined = undefined;
  /** A string, or what builds it on first read (see ProcessName). */
  private nameOrSource: string | ProcessName;
  /**
   * The generator, until it ends. A finished process may still be named by stale wake-ups in the
   * queue (a timeout that lost its race waits there for up to a minute of virtual time); dropping
   * the generator lets its frame go, so what a run holds follows the work in flight, not the
   * timeouts armed.
   */
  private generator: Proc<T> | undefined;

  constructor(
    readonly id: number,
    name: string | ProcessName,
    readonly group: ProcessGroup,
    /** Causal context: opaque to the engine, inherited by what this process spawns. */
    readonly context: unknown,
    body: Proc<T>,
  ) {
    this.epoch = group.epoch;
    this.generator = body;
    this.nameOrSource = name;
  }

  /** Shown in traces and errors. */
  get name(): string {
    const name = this.nameOrSource;
    if (typeof name === 'string') return name;
    const built = name.describe();
    this.nameOrSource = built;
    return built;
  }

  /** Resolves with the body's return value; never resolves if the process is killed. */
  get done(): Future<T> {
    if (this.doneFuture === undefined) {
      this.doneFuture = new Future<T>();
      if (this.finished) this.doneFuture.resolve(this.result as T);
    }
    return this.doneFuture;
  }

  get body(): Proc<T> {
    if (this.generator === undefined) throw new Error(`process "${this.name}" has finished`);
    return this.generator;
  }

  /**
   * Tells `listener` the body's result in the step it ends, as a subscriber of `done` would be
   * told, without making the future: every RPC's handler is waited on this way, and most
   * processes never have their `done` read at all. One listener, set before the process first
   * runs and before anyone asks for `done`, so it is told first: where `done`'s first subscriber
   * would be.
   */
  onFinish(listener: FutureListener<T>): void {
    if (this.finishListener !== undefined || this.token !== 0 || this.doneFuture !== undefined) {
      throw new Error(
        `process "${this.name}": onFinish takes one listener, before the process runs or is waited on`,
      );
    }
    this.finishListener = listener;
  }

  /** Marks it finished with the body's return value, tells its listeners, and lets its generator go. */
  finish(result: T): void {
    this.finished = true;
    this.generator = undefined;
    const listener = this.finishListener;
    if (listener !== undefined) {
      this.finishListener = undefined;
      listener.notify(result);
    }
    if (this.doneFuture === undefined) this.result = result;
    else this.doneFuture.resolve(result);
  }

  get alive(): boolean {
    return !this.finished && this.epoch === this.group.epoch;
  }
}

/** Thrown out of the simulation when a process body throws: a bug in the model, not a fault. */
export class ProcessError extends Error {
  constructor(
    readonly processName: string,
    readonly timeMs: number,
    cause: unknown,
    /** The process that threw (absent when built by hand), so a caller can tell whose code it was. */
    readonly process?: Process,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`process "${processName}" threw at t=${timeMs}ms: ${reason}`, { cause });
    this.name = 'ProcessError';
  }
}

/**
 * Thrown out of the simulation when a process breaks the engine's rules rather than throwing: it
 * yielded something that is not an effect, or it resumed more often within one virtual
 * millisecond than the run allows (an endless zero-length sleep, which would otherwise hold
 * virtual time still forever). `reason` is one line, without the process's name.
 */
export class ProcessGuardError extends Error {
  constructor(
    readonly process: Process,
    readonly timeMs: number,
    readonly reason: string,
  ) {
    super(`process "${process.name}" at t=${timeMs}ms: ${reason}`);
    this.name = 'ProcessGuardError';
  }
}
