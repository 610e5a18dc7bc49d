/**
 * A machine in the simulated world: up, crashed or paused.
 *
 * Crash is kill -9 of everything on the node: its processes vanish at the effect they were
 * waiting on, no finally block runs, and anything the node kept in memory is the component's to
 * lose (components listen with `onCrash`). Restart boots it again: its daemons start afresh.
 * Pause is stop-the-world (a long GC, a VM migration): nothing on the node runs, messages queue
 * at its door, and clocks and leases everywhere else keep running.
 * A crash or pause on behalf of a fault notes every payment intent whose work it caught: the
 * node's processes that carry an intent's context when it strikes, and those a paused node
 * takes in before it resumes (exposure.ts).
 */
import type { Proc } from '../engine/effects.js';
import type { Process, ProcessName } from '../engine/process.js';
import { ProcessGroup } from '../engine/process.js';
import type { Simulation } from '../engine/simulation.js';
import { asCausalContext, type CausalContext } from './causal-context.js';
import type { Exposure, FaultCause } from './exposure.js';

export type NodeState = 'up' | 'crashed' | 'paused';

/**
 * Serves one RPC method on a node; runs as its own process with the caller's causal context.
 * `call` is the call's id, as the rpc.* trace entries carry it: a component that traces what it
 * did for a request stamps it, so a reader can tell which call it answered.
 */
export type RpcHandler = (request: unknown, from: string, call: number) => Proc<unknown>;

export class Node {
  private status: NodeState = 'up';
  readonly group: ProcessGroup;
  private readonly handlers = new Map<string, RpcHandler>();
  private readonly daemons: Array<{ readonly name: string; readonly body: () => Proc }> = [];
  private readonly crashListeners: Array<(cause: FaultCause | undefined) => void> = [];
  private readonly restartListeners: Array<() => void> = [];
  /** Processes spawned for an intent, pruned of finished ones now and then (see `working`). */
  private forIntents: Process[] = [];
  private pruneAtLength = PRUNE_MIN_LENGTH;
  /** The fault that paused the node, while it is paused. */
  private pausedBy: FaultCause | undefined;

  constructor(
    readonly name: string,
    private readonly sim: Simulation,
    private readonly exposure?: Exposure,
  ) {
    this.group = new ProcessGroup(name);
  }

  get state(): NodeState {
    return this.status;
  }

  serve(method: string, handler: RpcHandler): void {
    this.handlers.set(method, handler);
  }

  handlerFor(method: string): RpcHandler | undefined {
    return this.handlers.get(method);
  }

  /** A background process that runs while the node is up, and starts again on every restart. */
  daemon(name: string, body: () => Proc): void {
    this.daemons.push({ name, body });
    if (this.status !== 'crashed') this.spawn(body(), `${this.name}/${name}`, undefined);
  }

  spawn<T>(body: Proc<T>, name: string | ProcessName, context: CausalContext | undefined): Process<T> {
    const process = this.sim.spawnIn(this.group, body, name, context);
    if (context !== undefined) {
      this.forIntents.push(process as Process);
      if (this.forIntents.length >= this.pruneAtLength) this.prune();
      // Work taken in while paused waits for the pause to end: the pause reached it.
      if (this.pausedBy !== undefined) this.exposure?.touch(this.pausedBy, context.intentId);
    }
    return process;
  }

  /** The intents of the node's live processes that work for one, in spawn order. */
  workingIntents(): string[] {
    this.prune();
    const intents: string[] = [];
    for (const process of this.forIntents) {
      const intentId = asCausalContext(process.context)?.intentId;
      if (intentId !== undefined) intents.push(intentId);
    }
    return intents;
  }

  /** Listeners learn which fault crashed the node (undefined: a crash on no fault's behalf). */
  onCrash(listener: (cause: FaultCause | undefined) => void): void {
    this.crashListeners.push(listener);
  }

  onRestart(listener: () => void): void {
    this.restartListeners.push(listener);
  }

  /** `cause`: the fault this crash is part of, which answers for the work it kills. */
  crash(cause?: FaultCause): void {
    if (this.status === 'crashed') return;
    this.touchWorking(cause);
    this.status = 'crashed';
    this.pausedBy = undefined;
    this.sim.kill(this.group);
    this.forIntents = [];
    this.sim.trace.record(this.sim.now, 'node.crash', { node: this.name });
    for (const listener of this.crashListeners) listener(cause);
  }

  restart(): void {
    if (this.status !== 'crashed') return;
    this.status = 'up';
    this.sim.trace.record(this.sim.now, 'node.restart', { node: this.name });
    for (const listener of this.restartListeners) listener();
    for (const daemon of this.daemons) this.spawn(daemon.body(), `${this.name}/${daemon.name}`, undefined);
  }

  /** `cause`: the fault this pause is part of, which answers for the work it holds up. */
  pause(cause?: FaultCause): void {
    if (this.status !== 'up') return;
    this.touchWorking(cause);
    this.pausedBy = cause;
    this.status = 'paused';
    this.sim.freeze(this.group);
    this.sim.trace.record(this.sim.now, 'node.pause', { node: this.name });
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.status = 'up';
    this.pausedBy = undefined;
    this.sim.trace.record(this.sim.now, 'node.resume', { node: this.name });
    this.sim.thaw(this.group);
  }

  private touchWorking(cause: FaultCause | undefined): void {
    if (cause === undefined || this.exposure === undefined) return;
    for (const intentId of this.workingIntents()) this.exposure.touch(cause, intentId);
  }

  /** Drops finished processes; the next prune waits until the list has doubled, so it costs O(1) a spawn. */
  private prune(): void {
    this.forIntents = this.forIntents.filter((process) => process.alive);
    this.pruneAtLength = Math.max(PRUNE_MIN_LENGTH, this.forIntents.length * 2);
  }
}

const PRUNE_MIN_LENGTH = 64;
