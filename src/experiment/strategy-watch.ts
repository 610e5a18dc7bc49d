/**
 * Contains a user's strategy: watches its code as it runs, so a strategy that breaks the rules is
 * reported in one line naming it, the payment it was working for and its last port call, instead
 * of hanging the run or failing with a stack trace.
 *
 * The engine offers generic guards (a yield that is not an effect, a process resuming too often
 * within one virtual millisecond); this module names what they caught in the strategy's words. It
 * also checks what `handle` answers (a numeric status), counts what `handle` throws (a web
 * framework turns it into a 500, so it is otherwise visible only in the trace), and tells an
 * optional monitor when strategy code starts and stops running, so a watchdog on another thread
 * can stop a synchronous endless loop that no guard in this thread can interrupt.
 *
 * Built-in strategies are not watched: they are the simulator's own code, and their runs stay the
 * same bytes as before.
 */
import type { HttpResponse } from '../components/port/http.js';
import type { ServicePort } from '../components/port/port.js';
import type { Effect, Proc } from '../engine/effects.js';
import { type Process, ProcessError, ProcessGuardError } from '../engine/process.js';
import type { Simulation } from '../engine/simulation.js';
import type { Strategy } from '../strategies/strategy.js';
import { asCausalContext } from '../world/causal-context.js';

/** Told when strategy code starts and stops running (a resume of one of its generators). */
export interface StrategyMonitor {
  /** `where` names the strategy, the payment and the last port call, for a one-line report. */
  enter(where: string): void;
  leave(): void;
}

/** What `handle` threw over a run or a series: how many times, and the first message. */
export interface StrategyThrows {
  readonly count: number;
  readonly first: string;
}

/** A strategy broke the rules of the simulation: one line, reported as bad input (exit 2). */
export class BrokenStrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokenStrategyError';
  }
}

/**
 * How many times one process may resume within one virtual millisecond. A real handler resumes
 * a handful of times per port call, and a port call takes virtual time; only a loop of
 * zero-length sleeps comes near this.
 */
export const RESUMES_PER_MS_MAX = 100_000;

type Role = 'handle' | 'setup' | 'consume' | `worker ${string}`;

export class StrategyWatch {
  private active: WatchedBody<unknown> | undefined;
  private readonly bodies = new WeakMap<Process, WatchedBody<unknown>>();
  private throwsCount = 0;
  private firstThrow = '';

  constructor(
    private readonly sim: Simulation,
    private readonly strategyName: string,
    private readonly monitor: StrategyMonitor | undefined,
  ) {}

  /** The strategy with every generator it returns watched; its ctx's port calls are noted. */
  contain<Config>(strategy: Strategy<Config>): Strategy<Config> {
    const watched: Strategy<Config> = {
      ...strategy,
      handle: (request, ctx) => this.body('handle', () => strategy.handle(request, this.port(ctx))),
    };
    const { setup, consume, workers } = strategy;
    if (setup !== undefined)
      watched.setup = (ctx) => this.body('setup', () => setup.call(strategy, this.port(ctx)));
    if (consume !== undefined)
      watched.consume = (record, ctx) =>
        this.body('consume', () => consume.call(strategy, record, this.port(ctx)));
    if (workers !== undefined) {
      (watched as { workers?: Strategy<Config>['workers'] }).workers = workers.map((worker) => ({
        name: worker.name,
        run: (ctx) => this.body(`worker ${worker.name}`, () => worker.run(this.port(ctx))),
      }));
    }
    return watched;
  }

  /** The port with every call noted as the running body's last port call. */
  port<P extends ServicePort>(port: P): P {
    const noted = (group: string, target: object): object =>
      new Proxy(target, {
        get: (object, key, receiver) => {
          const value: unknown = Reflect.get(object, key, receiver);
          if (typeof value !== 'function' || typeof key !== 'string') return value;
          const call = `${group}.${key}`;
          return (...args: unknown[]) => {
            this.note(call);
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        },
      });
    return {
      ...port,
      psp: noted('psp', port.psp),
      db: noted('db', port.db),
      redis: noted('redis', port.redis),
      kafka: noted('kafka', port.kafka),
      sleep: (ms: number) => {
        this.note('sleep');
        return port.sleep(ms);
      },
    };
  }

  /** What `handle` threw in this run, if anything. */
  throws(): StrategyThrows | undefined {
    return this.throwsCount === 0 ? undefined : { count: this.throwsCount, first: this.firstThrow };
  }

  /** The error to report for one thrown out of the simulation: named, when the strategy caused it. */
  explain(error: unknown): unknown {
    if (error instanceof ProcessGuardError) {
      const body = this.bodies.get(error.process);
      if (body !== undefined) return this.broken(body, error.reason + hintFor(error.reason));
    }
    if (error instanceof ProcessError && error.process !== undefined) {
      const body = this.bodies.get(error.process);
      if (body !== undefined) return this.broken(body, `threw ${describeError(error.cause)}`);
    }
    return error;
  }

  enter(body: WatchedBody<unknown>): void {
    this.active = body;
    if (body.process === undefined) {
      body.process = this.sim.current;
      body.intentId = asCausalContext(body.process?.context)?.intentId;
      if (body.process !== undefined) this.bodies.set(body.process, body);
    }
    this.monitor?.enter(this.where(body));
  }

  leave(): void {
    this.active = undefined;
    this.monitor?.leave();
  }

  /** `handle` threw: a 500 for the client, counted for the report. */
  threw(error: unknown): void {
    if (this.throwsCount === 0) this.firstThrow = describeError(error);
    this.throwsCount++;
  }

  /** Ends the run when `handle` answers without a numeric status; the client gets a 500 meanwhile. */
  checkAnswer(body: WatchedBody<unknown>, answer: unknown): unknown {
    const status = (answer as { status?: unknown } | null | undefined)?.status;
    if (
      typeof answer === 'object' &&
      answer !== null &&
      typeof status === 'number' &&
      Number.isFinite(status)
    )
      return answer;
    this.sim.abort(this.broken(body, `answered ${describeAnswer(answer)}, not { status: <number>, body }`));
    const fallback: HttpResponse = { status: 500, body: null };
    return fallback;
  }

  private note(call: string): void {
    if (this.active !== undefined) this.active.lastCall = call;
  }

  private body<T>(role: Role, start: () => Proc<T>): Proc<T> {
    return new WatchedBody<T>(this, role, start()) as Proc<T>;
  }

  private broken(body: WatchedBody<unknown>, reason: string): BrokenStrategyError {
    return new BrokenStrategyError(`${this.where(body)} ${reason}`);
  }

  private where(body: WatchedBody<unknown>): string {
    const payment = body.intentId === undefined ? '' : ` for payment ${body.intentId}`;
    const last = `last port call: ${body.lastCall ?? 'none'}`;
    return `strategy "${this.strategyName}" is broken (its ${body.role}${payment}, ${last}):`;
  }
}

/**
 * One generator of the strategy's, watched: every resume tells the watch, so it knows whose code
 * runs and what it called last. A plain class rather than a generator function, so the watched
 * body is resumed exactly as the bare one would be (no extra step, the same throw semantics).
 */
class WatchedBody<T> implements Generator<Effect, T, unknown> {
  process: Process | undefined;
  intentId: string | undefined;
  lastCall: string | undefined;

  constructor(
    private readonly watch: StrategyWatch,
    readonly role: Role,
    private readonly inner: Proc<T>,
  ) {}

  next(input?: unknown): IteratorResult<Effect, T> {
    return this.resume(false, input);
  }

  throw(error: unknown): IteratorResult<Effect, T> {
    return this.resume(true, error);
  }

  return(value: T): IteratorResult<Effect, T> {
    return this.inner.return(value);
  }

  [Symbol.iterator](): Generator<Effect, T, unknown> {
    return this;
  }

  private resume(isError: boolean, input: unknown): IteratorResult<Effect, T> {
    this.watch.enter(this as WatchedBody<unknown>);
    let result: IteratorResult<Effect, T>;
    try {
      result = isError ? this.inner.throw(input) : this.inner.next(input);
    } catch (error) {
      this.watch.leave();
      if (this.role === 'handle') this.watch.threw(error);
      throw error;
    }
    this.watch.leave();
    if (!result.done || this.role !== 'handle') return result;
    return { done: true, value: this.watch.checkAnswer(this as WatchedBody<unknown>, result.value) as T };
  }
}

/** What to do instead, when the engine's guard alone would leave a user guessing. */
function hintFor(reason: string): string {
  return reason.includes('not an effect') ? ' (a strategy may only yield* the calls of its port)' : '';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`;
  return `a ${typeof error}: ${firstLine(String(error))}`;
}

function describeAnswer(answer: unknown): string {
  if (answer === undefined || answer === null) return String(answer);
  if (typeof answer !== 'object') return `${typeof answer} ${firstLine(String(answer)).slice(0, 40)}`;
  const status = (answer as { status?: unknown }).status;
  return status === undefined
    ? 'an object without a status'
    : `a status of ${firstLine(JSON.stringify(status) ?? String(status))}`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
