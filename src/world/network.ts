/**
 * The network between nodes: per-link latency, per-message loss, partitions.
 *
 * Links are directed (a one-way partition cuts only one direction, as asymmetric firewall rules
 * and half-dead NICs do). A message is dropped if its link is cut when it is sent or when it
 * would arrive, or by the link's loss probability; the sender is never told. Each link draws
 * from its own random stream, so adding a node does not change the latencies of the others.
 * A cut or a link change made by a fault carries the fault's identity, so a message for a payment
 * intent that it drops or delays is noted as exposure (exposure.ts).
 * Not modelled: bandwidth, reordering limits (messages on one link may overtake each other when
 * latency varies; RPCs here do not depend on order), duplication.
 */
import type { Rng } from '../engine/rng.js';
import { Callback } from '../engine/sim-event.js';
import type { Simulation } from '../engine/simulation.js';
import type { Exposure, FaultCause } from './exposure.js';
import { sampleLatency, type LatencySpec } from './latency.js';

export interface LinkOptions {
  /** One-way delay of each message. */
  readonly latency: LatencySpec;
  /** Probability that any one message on this link is lost (0..1, default 0). */
  readonly lossProbability: number;
}

/** Why a message did not arrive. */
export type DropReason = 'loss' | 'partition';

export interface Delivery {
  /** Called at arrival time, if the message arrives. */
  readonly deliver: () => void;
  /** Called when the message is dropped (for the trace; the sender cannot observe it). */
  readonly dropped?: (reason: DropReason) => void;
  /** The payment intent the message works for (from its causal context), if any. */
  readonly intentId?: string | undefined;
}

/** The faults behind a link's current latency and loss, when a fault changed them. */
interface LinkCauses {
  readonly latency?: FaultCause | undefined;
  readonly loss?: FaultCause | undefined;
}

/** What a fault may change about a link. */
export type LinkChange = Partial<LinkOptions>;

export class Network {
  private readonly overrides = new Map<string, LinkOptions>();
  /** Each cut link, with the fault that cut it (undefined: cut by no fault of a plan). */
  private readonly cuts = new Map<string, FaultCause | undefined>();
  private readonly causes = new Map<string, LinkCauses>();
  /**
   * Each directed link's name and random stream, by sender then receiver: a message finds them
   * with two lookups of names it already holds, instead of building the name again for every
   * map it asks (several times a message, the hottest path of a run).
   */
  private readonly links = new Map<string, Map<string, LinkState>>();
  /**
   * While true, no message is lost to a link's loss probability (partitions still cut). A
   * strategy's setup (its schema, its topics) is deployed before traffic, not through the
   * scenario's lossy network; the draws still happen, so later messages meet the same luck.
   */
  lossSuspended = false;

  constructor(
    private readonly sim: Simulation,
    private readonly rng: Rng,
    private readonly defaultLink: LinkOptions,
    private readonly exposure?: Exposure,
  ) {}

  /** Sets the options of the directed link `from -> to`. */
  setLink(from: string, to: string, options: LinkOptions): void {
    this.overrides.set(linkKey(from, to), options);
  }

  /**
   * Changes part of a link's options on behalf of a fault, which then answers for the messages
   * the change delays or drops; returns what undoes it.
   */
  changeLink(from: string, to: string, change: LinkChange, cause: FaultCause | undefined): () => void {
    const key = linkKey(from, to);
    const before = this.link(from, to);
    const causesBefore = this.causes.get(key);
    this.setLink(from, to, { ...before, ...change });
    this.causes.set(key, {
      ...causesBefore,
      ...(change.latency === undefined ? {} : { latency: cause }),
      ...(change.lossProbability === undefined ? {} : { loss: cause }),
    });
    return () => {
      this.setLink(from, to, before);
      if (causesBefore === undefined) this.causes.delete(key);
      else this.causes.set(key, causesBefore);
    };
  }

  /** Removes an override, so the link falls back to the default. */
  resetLink(from: string, to: string): void {
    this.overrides.delete(linkKey(from, to));
    this.causes.delete(linkKey(from, to));
  }

  link(from: string, to: string): LinkOptions {
    return this.optionsAt(linkKey(from, to));
  }

  /** A link's options by its key: its override, else the default. */
  private optionsAt(key: string): LinkOptions {
    return this.overrides.get(key) ?? this.defaultLink;
  }

  /** Cuts every directed link from a node in `sources` to a node in `targets`, for `cause` if a fault. */
  cut(sources: readonly string[], targets: readonly string[], cause?: FaultCause): void {
    for (const from of sources) for (const to of targets) this.cuts.set(linkKey(from, to), cause);
  }

  /** Mends what `cut` cut. */
  mend(sources: readonly string[], targets: readonly string[]): void {
    for (const from of sources) for (const to of targets) this.cuts.delete(linkKey(from, to));
  }

  mendAll(): void {
    this.cuts.clear();
  }

  isCut(from: string, to: string): boolean {
    return this.isCutAt(linkKey(from, to));
  }

  send(from: string, to: string, delivery: Delivery): void {
    const { key, stream } = this.linkState(from, to);
    const options = this.optionsAt(key);
    // Draw both numbers for every message, so whether a message is lost does not shift the
    // latencies of later ones.
    const lost = stream.chance(options.lossProbability) && !this.lossSuspended;
    const latencyMs = from === to ? 0 : sampleLatency(options.latency, stream);
    const dropReason = this.isCutAt(key) ? 'partition' : lost ? 'loss' : undefined;
    if (delivery.intentId !== undefined) this.noteExposure(key, dropReason, delivery.intentId);
    if (dropReason !== undefined) {
      delivery.dropped?.(dropReason);
      return;
    }
    this.sim.scheduleCallback(latencyMs, new InFlight(this, key, delivery));
  }

  /** A message reaches the end of its link: delivered, unless the link was cut on the way. */
  land(key: string, delivery: Delivery): void {
    if (!this.isCutAt(key)) {
      delivery.deliver();
      return;
    }
    if (delivery.intentId !== undefined) this.noteExposure(key, 'partition', delivery.intentId);
    delivery.dropped?.('partition');
  }

  /** Whether the link with this key is cut (most runs cut none: one size check then). */
  private isCutAt(key: string): boolean {
    return this.cuts.size > 0 && this.cuts.has(key);
  }

  /** A fault's cut drops the message, a fault's loss drops it, a fault's latency delays it. */
  private noteExposure(key: string, dropped: DropReason | undefined, intentId: string): void {
    if (this.exposure === undefined || (this.cuts.size === 0 && this.causes.size === 0)) return;
    const cause =
      dropped === 'partition'
        ? this.cuts.get(key)
        : dropped === 'loss'
          ? this.causes.get(key)?.loss
          : this.causes.get(key)?.latency;
    if (cause !== undefined) this.exposure.touch(cause, intentId);
  }

  /** The link's name and random stream (a pure fork of the network's, so made when first used). */
  private linkState(from: string, to: string): LinkState {
    let byReceiver = this.links.get(from);
    if (byReceiver === undefined) {
      byReceiver = new Map();
      this.links.set(from, byReceiver);
    }
    let state = byReceiver.get(to);
    if (state === undefined) {
      const key = linkKey(from, to);
      state = { key, stream: this.rng.fork(key) };
      byReceiver.set(to, state);
    }
    return state;
  }
}

/**
 * A message on its way, as the event queue holds it: one object, where a closure over the
 * message would cost a closure and a Callback (two a round trip, the hottest path of a run).
 */
class InFlight extends Callback {
  constructor(
    private readonly network: Network,
    key: string,
    private readonly delivery: Delivery,
  ) {
    // Labelled with the link's key, as the closure it replaces was.
    super(key, false);
  }

  fire(): void {
    this.network.land(this.label, this.delivery);
  }
}

interface LinkState {
  /** `from->to`: the key of every map about the link, and the label of its deliveries. */
  readonly key: string;
  readonly stream: Rng;
}

function linkKey(from: string, to: string): string {
  return `${from}->${to}`;
}
