/**
 * The discrete-event core: a clock, an event queue, and the loop that resumes processes.
 *
 * `step()` processes exactly one event and says what it did, which gives step-through teaching
 * for free; `run()` is a loop over it. Virtual time only moves when the next event is popped.
 * Work that completes through a promise is awaited inside the step (see `awaitPromise`), and
 * `step()` refuses to run again until it has settled, so promises never interleave.
 */
import type { Effect, Proc, Raced } from './effects.js';
import { describeValue, dueAt, EFFECT_KINDS } from './effect-checks.js';
import type { FutureListener } from './future.js';
import { Process, ProcessError, ProcessGroup, ProcessGuardError, type ProcessName } from './process.js';
import { Rng } from './rng.js';
import { ActionCallback, Callback, type SimEvent } from './sim-event.js';
import { isLive, SimQueue } from './sim-queue.js';
import { Trace, type TraceSink } from './trace.js';

type StepKind = StepResult['kind'];

const TIMED_OUT: Raced<never> = Object.freeze({ kind: 'timeout' });

export interface SimulationOptions {
  /** Seeds the root generator; every run prints it so it can be replayed. */
  readonly seed: number;
  /** Record a trace (default true; benchmarks turn it off). */
  readonly trace?: boolean;
  /**
   * How many times one process may resume within one virtual millisecond before the run stops
   * with a ProcessGuardError (default Infinity: no limit). A process that sleeps 0 ms in a loop
   * would otherwise keep virtual time still and the run would never end.
   */
  readonly resumesPerMsMax?: number;
  /** Hand each trace entry to this instead of keeping it (default: keep them in `trace.all`). */
  readonly traceSink?: TraceSink;
}

export interface SpawnOptions {
  /** Shown in traces and errors; a ProcessName builds it only when something reads it. */
  readonly name: string | ProcessName;
  /** What the process shares a fate with (default: the simulation's own group). */
  readonly group?: ProcessGroup;
  /** Causal context; default: inherited from the spawning process, if any. */
  readonly context?: unknown;
}

/** What one step did. */
export interface StepResult {
  /** Virtual time of the event, ms. */
  readonly time: number;
  /** resumed a process, called a callback, skipped a stale or dead wake-up, or held it (frozen). */
  readonly kind: 'resumed' | 'called' | 'skipped' | 'deferred';
  /** The process name or callback label. */
  readonly name: string;
  /** Present when the process is waiting on a promise: await it before the next step. */
  readonly awaiting?: Promise<void>;
}

export interface RunOptions {
  /** Stop before the first event later than this virtual time (ms); the clock then reads it. */
  readonly untilMs?: number;
  /** Stop after this many steps (a guard against runaway models). */
  readonly maxSteps?: number;
  /**
   * Stop before the next step once this says so (checked before every step, first included):
   * a loop of one-step runs, without an await per event. The clock stays at the last event.
   */
  readonly stopWhen?: () => boolean;
}

export class Simulation {
  readonly rng: Rng;
  readonly trace: Trace;
  /** The group of processes that belong to no node. */
  readonly rootGroup = new ProcessGroup('sim');
  /** The process being resumed right now, if any (lets world code read its causal context). */
  current: Process | undefined;

  private clock = 0;
  private nextProcessId = 0;
  private readonly queue = new SimQueue();
  private pending: Promise<void> | undefined;
  /** Observers in the queue: when they are all that is left, nothing more can happen. */
  private observersQueued = 0;
  private readonly resumesPerMsMax: number;
  /** Set by `abort`: the next step throws it. */
  private aborted: Error | undefined;

  constructor(options: SimulationOptions) {
    this.rng = new Rng(options.seed);
    this.trace = new Trace(options.trace ?? true, options.traceSink);
    this.resumesPerMsMax = options.resumesPerMsMax ?? Infinity;
  }

  /**
   * Ends the run with `error`: the step in progress finishes, and the next `step()` or the
   * running `run()` throws it. For code that finds, in the middle of a step, that going on makes
   * no sense (it cannot throw there: the process it runs in would catch it).
   */
  abort(error: Error): void {
    this.aborted ??= error;
  }

  /** Virtual time, ms. */
  get now(): number {
    return this.clock;
  }

  /** Events still scheduled (including stale wake-ups not yet skipped). */
  get queued(): number {
    return this.queue.size;
  }

  spawn<T>(body: Proc<T>, options: SpawnOptions): Process<T> {
    const group = options.group ?? this.rootGroup;
    const context = 'context' in options ? options.context : this.current?.context;
    return this.spawnIn(group, body, options.name, context);
  }

  /**
   * `spawn` with everything given: for the world's nodes, which spawn a process for every call
   * they serve and know its group and context, so no options object is made for it.
   */
  spawnIn<T>(group: ProcessGroup, body: Proc<T>, name: string | ProcessName, context: unknown): Process<T> {
    const process = new Process<T>(this.nextProcessId++, name, group, context, body);
    this.wake(this.clock, process as Process, process.token, undefined);
    return process;
  }

  /** Runs `action` (not a process: it must not block) after `delayMs` of virtual time. */
  schedule(delayMs: number, action: () => void, label = 'callback'): void {
    this.call(dueAt(this.clock, delayMs), new ActionCallback(action, label, false));
  }

  /**
   * Fires `callback` after `delayMs` of virtual time, as `schedule` does with an action: for a
   * Callback subclass that carries its own state, so each scheduling costs no closure.
   */
  scheduleCallback(delayMs: number, callback: Callback): void {
    if (callback.observer) throw new Error('scheduleCallback takes no observer: use observe');
    this.call(dueAt(this.clock, delayMs), callback);
  }

  /**
   * Runs `action` after `delayMs` of virtual time if the run gets that far. An observer only
   * looks and records (a trace entry of something that happens at its own time, such as a TTL
   * running out); it must change nothing. So pending observers never keep a run going: `step()`
   * and `run()` without `untilMs` end when only observers are left, as they would without them.
   */
  observe(delayMs: number, action: () => void, label = 'observer'): void {
    this.observersQueued++;
    this.call(dueAt(this.clock, delayMs), new ActionCallback(action, label, true));
  }

  /** Kills every process in the group: they vanish where they wait, no finally block runs. */
  kill(group: ProcessGroup): void {
    group.epoch++;
    group.frozen = false;
    group.deferred.length = 0;
  }

  freeze(group: ProcessGroup): void {
    group.frozen = true;
  }

  /** Releases held wake-ups at the current time, in the order they fell due. */
  thaw(group: ProcessGroup): void {
    group.frozen = false;
    const held = group.deferred.splice(0) as SimEvent[];
    for (const event of held) this.wake(this.clock, event.target as Process, event.token, event.value);
  }

  /**
   * Processes the next event and says what it did; undefined when nothing more can happen (the
   * queue is empty or holds only observers), exactly where `run()` without options would stop.
   */
  step(): StepResult | undefined {
    const event = this.queue.peek(); // the one processNext takes, if it takes one
    const kind = this.processNext(Infinity);
    if (kind === undefined || event === undefined) return undefined;
    const name = event.target instanceof Callback ? event.target.label : event.target.name;
    if (this.pending === undefined) return { time: event.time, kind, name };
    return { time: event.time, kind, name, awaiting: this.pending };
  }

  /** Steps until nothing more can happen, `untilMs` is reached, `maxSteps` were taken, or `stopWhen`. */
  async run(options: RunOptions = {}): Promise<{ steps: number }> {
    const untilMs = options.untilMs ?? Infinity;
    const maxSteps = options.maxSteps ?? Infinity;
    const stopWhen = options.stopWhen;
    let steps = 0;
    for (;;) {
      if (steps >= maxSteps || stopWhen?.() === true) return { steps };
      if (this.processNext(untilMs) === undefined) break;
      steps++;
      if (this.pending !== undefined) await this.pending;
    }
    if (Number.isFinite(untilMs) && untilMs > this.clock) this.clock = untilMs;
    return { steps };
  }

  /**
   * The one place an event is taken and processed, for `step()` and `run()` alike. Returns
   * undefined, taking nothing, when the next event is later than `untilMs` or, with no `untilMs`,
   * when only observers are left. Leaves `pending` set when a promise effect is outstanding.
   */
  private processNext(untilMs: number): StepKind | undefined {
    if (this.pending !== undefined) {
      throw new Error(
        "step() called while a promise effect is outstanding: await the previous step's `awaiting`",
      );
    }
    if (this.aborted !== undefined) throw this.aborted;
    const queue = this.queue;
    const event = queue.peek();
    if (event === undefined || event.time > untilMs) return undefined;
    if (untilMs === Infinity && queue.size === this.observersQueued) return undefined;
    queue.pop();
    this.clock = event.time;
    const target = event.target;
    if (target instanceof Callback) {
      if (target.observer) this.observersQueued--;
      target.fire();
      return 'called';
    }
    return this.resume(target, event);
  }

  private resume(process: Process, event: SimEvent): StepKind {
    if (!isLive(process, event.token)) return 'skipped';
    if (process.group.frozen) {
      process.group.deferred.push(event);
      return 'deferred';
    }
    if (this.resumesPerMsMax !== Infinity) this.countResume(process);
    const effect = this.advance(process, event.value, false);
    const driving = effect === undefined ? undefined : this.dispatchChecked(process, effect);
    if (driving !== undefined) {
      this.pending = driving.finally(() => {
        this.pending = undefined;
      });
    }
    return 'resumed';
  }

  /** Resumes the body with `input` and returns the effect it yields next (none when it ends). */
  private advance(process: Process, input: unknown, isError: boolean): Effect | undefined {
    process.token++;
    if (process.waitingOn !== undefined) {
      process.waitingOn.unlisten(process.waitListener as FutureListener<unknown>);
      process.waitingOn = undefined;
      process.waitListener = undefined;
      this.dropTimeoutWake(process);
    }
    // Never nested: a body that spawns or schedules only queues events, so there is no previous
    // `current` to restore (and no finally block on the hottest path).
    this.current = process;
    let result: IteratorResult<Effect, unknown>;
    try {
      result = isError ? process.body.throw(input) : process.body.next(input);
    } catch (error) {
      this.current = undefined;
      throw new ProcessError(process.name, this.clock, error, process);
    }
    this.current = undefined;
    if (!result.done) return result.value;
    process.finish(result.value as never);
    return undefined;
  }

  /**
   * Takes the timeout of the wait the process just left out of the queue (if it is still there:
   * it is not when it is what woke the process). Every RPC's caller waits with a timeout of
   * seconds and its reply mostly comes first; kept, each timeout would sit in the heap as a dead
   * entry until its time (a deeper heap for every push and pop) and then take a pop of its own,
   * to be skipped. Exact: the token just moved on, so from here the entry could only be skipped;
   * removing it changes no live event's place in the (time, seq) order, and no sequence number.
   */
  private dropTimeoutWake(process: Process): void {
    const timeout = process.timeoutWake;
    if (timeout === undefined) return;
    process.timeoutWake = undefined;
    this.queue.remove(timeout);
  }

  /** Counts a resume against the process's budget for this virtual millisecond. */
  private countResume(process: Process): void {
    const windowMs = Math.floor(this.clock);
    if (process.budgetWindowMs !== windowMs) {
      process.budgetWindowMs = windowMs;
      process.resumesInWindow = 0;
    }
    if (++process.resumesInWindow > this.resumesPerMsMax) {
      throw new ProcessGuardError(
        process,
        this.clock,
        `resumed more than ${this.resumesPerMsMax} times within one virtual millisecond (an endless zero-length sleep?)`,
      );
    }
  }

  /**
   * `dispatch`, with whatever the process yielded checked: a value that is not an effect, or an
   * effect with a wrong field (a negative sleep, a future that is not one), stops the run naming
   * the process, instead of leaving it asleep forever or failing somewhere unrelated.
   */
  private dispatchChecked(process: Process, effect: Effect): Promise<void> | undefined {
    if (typeof effect !== 'object' || effect === null || !EFFECT_KINDS.has(effect.kind)) {
      throw new ProcessGuardError(
        process,
        this.clock,
        `yielded ${describeValue(effect)}, which is not an effect`,
      );
    }
    try {
      return this.dispatch(process, effect);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProcessGuardError(
        process,
        this.clock,
        `yielded a malformed ${effect.kind} effect: ${reason}`,
      );
    }
  }

  /** Arranges the wake-up an effect asks for; returns a promise only for promise effects. */
  private dispatch(process: Process, effect: Effect): Promise<void> | undefined {
    const token = process.token;
    switch (effect.kind) {
      case 'sleep':
        this.wake(dueAt(this.clock, effect.ms), process, token, undefined);
        return undefined;
      case 'wait':
        effect.future.subscribe((value) => this.wakeNow(process, token, value));
        return undefined;
      case 'wait-timeout': {
        const listener = new RacedWake(this, process, token);
        process.waitingOn = effect.future;
        process.waitListener = listener;
        effect.future.listen(listener);
        process.timeoutWake = this.wake(dueAt(this.clock, effect.ms), process, token, TIMED_OUT);
        return undefined;
      }
      case 'promise':
        return this.drivePromises(process, effect.start);
    }
  }

  /** Awaits promise effects back to back, inside one step, until the body yields something else. */
  private async drivePromises(process: Process, firstStart: () => Promise<unknown>): Promise<void> {
    let start = firstStart;
    for (;;) {
      let settled: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        settled = { ok: true, value: await start() };
      } catch (error) {
        settled = { ok: false, error };
      }
      if (!process.alive) return;
      const effect = this.advance(process, settled.ok ? settled.value : settled.error, !settled.ok);
      if (effect === undefined) return;
      if (typeof effect !== 'object' || effect === null || effect.kind !== 'promise') {
        this.dispatchChecked(process, effect);
        return;
      }
      start = effect.start;
    }
  }

  /** For the engine's own waiters (RacedWake): a wake-up now, as `wait`'s subscriber makes. */
  wakeNow(process: Process, token: number, value: unknown): void {
    this.wake(this.clock, process, token, value);
  }

  /** Queues a wake-up and returns it (a timeout's is kept, to be taken out if it loses). */
  private wake(time: number, process: Process, token: number, value: unknown): SimEvent {
    return this.queue.add(time, process, token, value);
  }

  private call(time: number, callback: Callback): void {
    this.queue.add(time, callback, 0, undefined);
  }
}

/**
 * The future's side of a wait with a timeout: wakes the process with the value, raced. An object
 * rather than a closure: every RPC's caller waits this way (see FutureListener).
 */
class RacedWake implements FutureListener<unknown> {
  constructor(
    private readonly sim: Simulation,
    private readonly process: Process,
    private readonly token: number,
  ) {}

  notify(value: unknown): void {
    this.sim.wakeNow(this.process, this.token, { kind: 'value', value });
  }
}
