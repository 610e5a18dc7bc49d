/**
 * The network between nodes: per-link latency, per-message loss, partitions.
 *
 * Links are directed (a one-way partition cuts only one direction, as asymmetric firewall rules
 * and half-dead NICs do). A message is dropped if its link is cut when it is sent or when it
 * would arrive, or by the link's loss probability; the sender is never told. Each link draws
 * from its own random stream, so adding a node does not change the latencies of the others.
 * Not modelled: bandwidth, reordering limits (messages on one link may overtake each other when
 * latency varies; RPCs here do not depend on order), duplication.
 */
import type { Rng } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
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
}

export class Network {
  private readonly overrides = new Map<string, LinkOptions>();
  private readonly cuts = new Set<string>();
  private readonly streams = new Map<string, Rng>();

  constructor(
    private readonly sim: Simulation,
    private readonly rng: Rng,
    private readonly defaultLink: LinkOptions,
  ) {}

  /** Sets the options of the directed link `from -> to`. */
  setLink(from: string, to: string, options: LinkOptions): void {
    this.overrides.set(linkKey(from, to), options);
  }

  /** Removes an override, so the link falls back to the default. */
  resetLink(from: string, to: string): void {
    this.overrides.delete(linkKey(from, to));
  }

  link(from: string, to: string): LinkOptions {
    return this.overrides.get(linkKey(from, to)) ?? this.defaultLink;
  }

  /** Cuts every directed link from a node in `sources` to a node in `targets`. */
  cut(sources: readonly string[], targets: readonly string[]): void {
    for (const from of sources) for (const to of targets) this.cuts.add(linkKey(from, to));
  }

  /** Mends what `cut` cut. */
  mend(sources: readonly string[], targets: readonly string[]): void {
    for (const from of sources) for (const to of targets) this.cuts.delete(linkKey(from, to));
  }

  mendAll(): void {
    this.cuts.clear();
  }

  isCut(from: string, to: string): boolean {
    return this.cuts.has(linkKey(from, to));
  }

  send(from: string, to: string, delivery: Delivery): void {
    const options = this.link(from, to);
    const stream = this.stream(from, to);
    // Draw both numbers for every message, so whether a message is lost does not shift the
    // latencies of later ones.
    const lost = stream.chance(options.lossProbability);
    const latencyMs = from === to ? 0 : sampleLatency(options.latency, stream);
    const dropReason = this.isCut(from, to) ? 'partition' : lost ? 'loss' : undefined;
    if (dropReason !== undefined) {
      delivery.dropped?.(dropReason);
      return;
    }
    this.sim.schedule(
      latencyMs,
      () => {
        if (this.isCut(from, to)) delivery.dropped?.('partition');
        else delivery.deliver();
      },
      `${from}->${to}`,
    );
  }

  private stream(from: string, to: string): Rng {
    const key = linkKey(from, to);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = this.rng.fork(key);
      this.streams.set(key, stream);
    }
    return stream;
  }
}

function linkKey(from: string, to: string): string {
  return `${from}->${to}`;
}
