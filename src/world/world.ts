/**
 * The simulated world: the simulation, its nodes and the network between them.
 */
import type { Simulation } from '../engine/simulation.js';
import { Exposure } from './exposure.js';
import { Network, type LinkOptions } from './network.js';
import { Node } from './node.js';

export interface WorldOptions {
  /** The link every pair of nodes gets unless set otherwise. */
  readonly defaultLink: LinkOptions;
}

/** A moment in an RPC's life that a fault may want to act at (see the crash-at fault). */
export interface RpcMoment {
  /** send: the caller is about to send the request; reply: the reply has just reached the caller. */
  readonly phase: 'send' | 'reply';
  readonly caller: string;
  readonly callee: string;
  readonly method: string;
  /** The intent the call works for, from its causal context, if any. */
  readonly intentId?: string;
}

export class World {
  readonly network: Network;
  /** What of the fault plan and of repeated requests reached each intent's work (exposure.ts). */
  readonly exposure = new Exposure();
  private readonly nodes = new Map<string, Node>();
  private readonly rpcObservers: Array<(moment: RpcMoment) => void> = [];
  private lastCallId = 0;

  constructor(
    readonly sim: Simulation,
    options: WorldOptions,
  ) {
    this.network = new Network(sim, sim.rng.fork('network'), options.defaultLink, this.exposure);
  }

  addNode(name: string): Node {
    if (this.nodes.has(name)) throw new Error(`a node named "${name}" already exists`);
    const node = new Node(name, this.sim, this.exposure);
    this.nodes.set(name, node);
    return node;
  }

  node(name: string): Node {
    const node = this.nodes.get(name);
    if (node === undefined) {
      throw new Error(`no node named "${name}"; the world has: ${[...this.nodes.keys()].join(', ')}`);
    }
    return node;
  }

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  get nodeNames(): readonly string[] {
    return [...this.nodes.keys()];
  }

  /** Calls `observer` synchronously at every RPC moment, so a fault can crash a node exactly there. */
  observeRpc(observer: (moment: RpcMoment) => void): void {
    this.rpcObservers.push(observer);
  }

  /** Whether anyone observes RPC moments: without observers a call builds no moment to show them. */
  get observingRpc(): boolean {
    return this.rpcObservers.length > 0;
  }

  notifyRpc(moment: RpcMoment): void {
    for (const observer of this.rpcObservers) observer(moment);
  }

  /** A fresh id for an RPC, unique within the run. */
  nextCallId(): number {
    return ++this.lastCallId;
  }
}
