/**
 * The adversary: applies a fault plan (a list of timed faults) to the world.
 *
 * The plan is data, so a scenario file, a property-based search and a workshop facilitator can
 * all write one. The world's own faults are built in; components add theirs (a Redis failover, a
 * Kafka rebalance) with `register`, so the nemesis stays ignorant of what they mean.
 * Each handler gets the fault's cause (its index in the plan and its kind) to hand to whatever
 * acts for it, so the world can note which intents' work the fault touched (exposure.ts).
 */
import type { FaultCause } from './exposure.js';
import type { LatencySpec } from './latency.js';
import type { LinkChange } from './network.js';
import type { World } from './world.js';
import type { PartitionFields } from './trace-events.js';

export type WorldFault =
  /** kill -9 of the node's processes; optionally restart it later. */
  | { readonly kind: 'crash'; readonly node: string; readonly restartAfterMs?: number }
  | { readonly kind: 'restart'; readonly node: string }
  /** Stop-the-world on the node (a GC pause); optionally resume it later. */
  | { readonly kind: 'pause'; readonly node: string; readonly durationMs?: number }
  | { readonly kind: 'resume'; readonly node: string }
  /** Cuts the links between two sets of nodes (both directions unless `oneWay`). */
  | {
      readonly kind: 'partition';
      readonly between: readonly string[];
      readonly and: readonly string[];
      readonly oneWay?: boolean;
      readonly durationMs?: number;
    }
  /** Mends every partition. */
  | { readonly kind: 'heal' }
  /**
   * Crashes `node` at an exact point of its work: when it is about to send its `nth` request to
   * `peer` (on 'send': the request never leaves), or when the `nth` reply from `peer` reaches it
   * (on 'reply': the work on the other side is done, and the node dies before it can use it).
   * Counting starts when the fault is applied. This is how a scenario says "killed after the
   * provider charged, before the key was recorded".
   */
  | {
      readonly kind: 'crash-at';
      readonly node: string;
      readonly on: 'send' | 'reply';
      readonly peer: string;
      readonly method?: string;
      readonly nth?: number;
      readonly restartAfterMs?: number;
    }
  /**
   * Pauses `node` (stop-the-world) at the same exact points as crash-at, for `durationMs`: about
   * to send its `nth` request to `peer` (the request leaves when the node resumes), or when the
   * `nth` reply from `peer` reaches it (the node takes it in when it resumes). A fixed-time pause
   * lands at a different step for each strategy; this one lands at the same step for all, so
   * they meet the same fault: "paused right after the provider charged".
   */
  | {
      readonly kind: 'pause-at';
      readonly node: string;
      readonly on: 'send' | 'reply';
      readonly peer: string;
      readonly method?: string;
      readonly nth?: number;
      readonly durationMs: number;
    }
  /** Gives the link `from -> to` another latency for a while. */
  | {
      readonly kind: 'slow-link';
      readonly from: string;
      readonly to: string;
      readonly latency: LatencySpec;
      readonly durationMs?: number;
    }
  /** Makes the link `from -> to` drop messages with a probability for a while. */
  | {
      readonly kind: 'lossy-link';
      readonly from: string;
      readonly to: string;
      readonly lossProbability: number;
      readonly durationMs?: number;
    };

/** Anything with a kind: world faults, or the ones components register. */
export interface AnyFault {
  readonly kind: string;
  readonly [field: string]: unknown;
}

export interface TimedFault<F extends AnyFault = AnyFault> {
  /** When to apply it: ms of virtual time after the plan is scheduled (the start of the workload). */
  readonly atMs: number;
  readonly fault: F;
}

export type FaultPlan = readonly TimedFault[];

type FaultHandler = (fault: AnyFault, cause: FaultCause) => void;

export class Nemesis {
  private readonly handlers = new Map<string, FaultHandler>();

  constructor(private readonly world: World) {
    this.registerWorldFaults();
  }

  register<F extends AnyFault>(kind: F['kind'], handler: (fault: F, cause: FaultCause) => void): void {
    this.handlers.set(kind, handler as FaultHandler);
  }

  get kinds(): readonly string[] {
    return [...this.handlers.keys()];
  }

  /** Schedules every fault of the plan; throws before scheduling anything if one is unknown. */
  schedule(plan: FaultPlan): void {
    for (const [index, timed] of plan.entries()) {
      if (!this.handlers.has(timed.fault.kind)) {
        throw new Error(
          `faults[${index}].kind: unknown fault "${timed.fault.kind}"; known: ${this.kinds.join(', ')}`,
        );
      }
    }
    for (const [index, timed] of plan.entries()) {
      const handler = this.handlers.get(timed.fault.kind) as FaultHandler;
      const cause: FaultCause = { index, kind: timed.fault.kind };
      this.world.exposure.declare(cause);
      const apply = (): void => {
        this.world.exposure.blame(this.nodesNamed(timed.fault), cause);
        handler(timed.fault, cause);
      };
      this.world.sim.schedule(timed.atMs, apply, `fault:${timed.fault.kind}`);
    }
  }

  /** The world's nodes a fault names in any field (node, peer, between, from, ...): whatever its kind. */
  private nodesNamed(fault: AnyFault): string[] {
    const nodes: string[] = [];
    for (const value of Object.values(fault)) {
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === 'string' && this.world.hasNode(item)) nodes.push(item);
    }
    return nodes;
  }

  private later(delayMs: number | undefined, action: () => void, label: string): void {
    if (delayMs !== undefined) this.world.sim.schedule(delayMs, action, label);
  }

  private registerWorldFaults(): void {
    const { world } = this;
    const trace = (type: 'net.partition' | 'net.heal', fields: PartitionFields): void =>
      world.sim.trace.record(world.sim.now, type, fields);
    const faults: {
      [K in WorldFault['kind']]: (fault: Extract<WorldFault, { kind: K }>, cause: FaultCause) => void;
    } = {
      crash: (fault, cause) => {
        world.node(fault.node).crash(cause);
        this.later(fault.restartAfterMs, () => world.node(fault.node).restart(), 'fault:restart');
      },
      restart: (fault) => world.node(fault.node).restart(),
      pause: (fault, cause) => {
        world.node(fault.node).pause(cause);
        this.later(fault.durationMs, () => world.node(fault.node).resume(), 'fault:resume');
      },
      resume: (fault) => world.node(fault.node).resume(),
      partition: (fault, cause) => {
        const sides = {
          between: fault.between.join(','),
          and: fault.and.join(','),
          oneWay: fault.oneWay ?? false,
        };
        world.network.cut(fault.between, fault.and, cause);
        if (fault.oneWay !== true) world.network.cut(fault.and, fault.between, cause);
        trace('net.partition', sides);
        this.later(
          fault.durationMs,
          () => {
            world.network.mend(fault.between, fault.and);
            world.network.mend(fault.and, fault.between);
            trace('net.heal', sides);
          },
          'fault:heal',
        );
      },
      'crash-at': (fault, cause) =>
        this.armAt(fault, cause, () => {
          world.node(fault.node).crash(cause);
          this.later(fault.restartAfterMs, () => world.node(fault.node).restart(), 'fault:restart');
        }),
      'pause-at': (fault, cause) =>
        this.armAt(fault, cause, () => {
          world.node(fault.node).pause(cause);
          this.later(fault.durationMs, () => world.node(fault.node).resume(), 'fault:resume');
        }),
      heal: () => {
        world.network.mendAll();
        trace('net.heal', { between: '*', and: '*', oneWay: false });
      },
      'slow-link': (fault, cause) =>
        this.alterLink(fault.from, fault.to, fault.durationMs, { latency: fault.latency }, cause),
      'lossy-link': (fault, cause) =>
        this.alterLink(
          fault.from,
          fault.to,
          fault.durationMs,
          { lossProbability: fault.lossProbability },
          cause,
        ),
    };
    for (const [kind, handler] of Object.entries(faults)) this.handlers.set(kind, handler as FaultHandler);
  }

  /**
   * Acts once, synchronously, at the `nth` RPC moment the fault names (counted from when it is
   * applied), and traces `nemesis.<kind>` there, so a reader sees the point it was aimed at.
   */
  private armAt(
    fault: Extract<WorldFault, { kind: 'crash-at' | 'pause-at' }>,
    cause: FaultCause,
    act: () => void,
  ): void {
    const { world } = this;
    let seen = 0;
    let fired = false;
    world.observeRpc((moment) => {
      if (fired || moment.phase !== fault.on || moment.caller !== fault.node || moment.callee !== fault.peer)
        return;
      if (fault.method !== undefined && moment.method !== fault.method) return;
      if (++seen < (fault.nth ?? 1)) return;
      fired = true;
      world.sim.trace.record(world.sim.now, `nemesis.${fault.kind}`, {
        node: fault.node,
        on: fault.on,
        peer: fault.peer,
        nth: seen,
      });
      // Firing is itself a touch: it struck at a step of the work, for the intent that step served.
      world.exposure.touch(cause, moment.intentId);
      act();
    });
  }

  /** Overrides part of a link's options, and puts the old ones back after `durationMs`. */
  private alterLink(
    from: string,
    to: string,
    durationMs: number | undefined,
    change: LinkChange,
    cause: FaultCause,
  ): void {
    const { network, sim } = this.world;
    const undo = network.changeLink(from, to, change, cause);
    sim.trace.record(sim.now, 'net.link', { from, to, change: JSON.stringify(change) });
    this.later(
      durationMs,
      () => {
        undo();
        sim.trace.record(sim.now, 'net.link', { from, to, change: 'restored' });
      },
      'fault:restore-link',
    );
  }
}
