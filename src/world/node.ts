/**
 * A machine in the simulated world: up, crashed or paused.
 *
 * Crash is kill -9 of everything on the node: its processes vanish at the effect they were
 * waiting on, no finally block runs, and anything the node kept in memory is the component's to
 * lose (components listen with `onCrash`). Restart boots it again: its daemons start afresh.
 * Pause is stop-the-world (a long GC, a VM migration): nothing on the node runs, messages queue
 * at its door, and clocks and leases everywhere else keep running.
 */
import type { Proc } from '../engine/effects.js';
import type { Process } from '../engine/process.js';
import { ProcessGroup } from '../engine/process.js';
import type { Simulation } from '../engine/simulation.js';
import type { CausalContext } from './causal-context.js';

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
  private readonly crashListeners: Array<() => void> = [];
  private readonly restartListeners: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly sim: Simulation,
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

  spawn<T>(body: Proc<T>, name: string, context: CausalContext | undefined): Process<T> {
    return this.sim.spawn(body, { name, group: this.group, context });
  }

  onCrash(listener: () => void): void {
    this.crashListeners.push(listener);
  }

  onRestart(listener: () => void): void {
    this.restartListeners.push(listener);
  }

  crash(): void {
    if (this.status === 'crashed') return;
    this.status = 'crashed';
    this.sim.kill(this.group);
    this.sim.trace.record(this.sim.now, 'node.crash', { node: this.name });
    for (const listener of this.crashListeners) listener();
  }

  restart(): void {
    if (this.status !== 'crashed') return;
    this.status = 'up';
    this.sim.trace.record(this.sim.now, 'node.restart', { node: this.name });
    for (const listener of this.restartListeners) listener();
    for (const daemon of this.daemons) this.spawn(daemon.body(), `${this.name}/${daemon.name}`, undefined);
  }

  pause(): void {
    if (this.status !== 'up') return;
    this.status = 'paused';
    this.sim.freeze(this.group);
    this.sim.trace.record(this.sim.now, 'node.pause', { node: this.name });
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.status = 'up';
    this.sim.trace.record(this.sim.now, 'node.resume', { node: this.name });
    this.sim.thaw(this.group);
  }
}
