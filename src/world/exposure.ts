/**
 * What of a run's hazard reached the work done for each payment intent: the world's notes on
 * exposure, kept beside the history and the ledger as one more record.
 *
 * A fault touched an intent when it acted on work that carried the intent's causal context: a
 * crash or pause caught one of the intent's processes, a cut, slow or lossy link dropped or
 * delayed one of its messages, a store lost a key written for it, a crash-at fired in its work, a
 * rebalance moved its uncommitted record. A repeat is a second arrival of the same intent at one
 * door of the code under test (an HTTP request, a Kafka hand-over). Without either, a verdict of
 * "no harm" says nothing about the strategy: nothing tried it.
 *
 * The notes are counters and sets per fault and per door, never a log per message, so a run with
 * the trace off pays a map lookup where a fault acts and nothing elsewhere.
 */
import { withFields } from '../engine/with-fields.js';

/** Which fault of the plan: its index in the scenario's fault list, and its kind. */
export interface FaultCause {
  readonly index: number;
  readonly kind: string;
}

/** One fault of the plan and the intents it touched (in the order it first touched them). */
export interface FaultTouchNote {
  readonly index: number;
  readonly kind: string;
  /** It acted on the strategy's work at least once (a crash-at may fire outside any intent). */
  readonly touched: boolean;
  readonly intents: readonly string[];
}

/** An intent that arrived more than once at one door of the code under test. */
export interface RepeatNote {
  /** Where it arrived: 'http' (a request to a service instance) or 'kafka' (a record handed over). */
  readonly door: string;
  readonly intentId: string;
  /** How many times it arrived there (at least 2). */
  readonly arrivals: number;
}

export interface ExposureRecords {
  /** Every fault of the plan, in plan order, touched or not. */
  readonly faults: readonly FaultTouchNote[];
  readonly repeats: readonly RepeatNote[];
}

/**
 * The intents that arrived at one door: each intent once, in the order it first came (a Set: two
 * thirds of the bytes a Map from intent to count takes, and a 10^6-payment run has an entry per
 * payment at its HTTP door), and the arrival counts of those that came more than once.
 */
interface DoorArrivals {
  readonly seen: Set<string>;
  readonly repeated: Map<string, number>;
}

interface FaultState {
  readonly cause: FaultCause;
  touched: boolean;
  readonly intents: Set<string>;
}

export class Exposure {
  private readonly faults = new Map<number, FaultState>();
  private readonly doors = new Map<string, DoorArrivals>();
  private readonly blamed = new Map<string, FaultCause>();

  /** Makes the fault part of the records, touched or not (the nemesis calls it when scheduling). */
  declare(cause: FaultCause): void {
    if (!this.faults.has(cause.index))
      this.faults.set(cause.index, { cause, touched: false, intents: new Set() });
  }

  /** The fault acted on work for `intentId` (undefined: on work for no intent, as a crash-at may). */
  touch(cause: FaultCause, intentId: string | undefined): void {
    this.declare(cause);
    const state = this.faults.get(cause.index) as FaultState;
    state.touched = true;
    if (intentId !== undefined) state.intents.add(intentId);
  }

  /** A request or record for `intentId` reached the code under test through `door`. */
  arrive(door: string, intentId: string): void {
    let arrivals = this.doors.get(door);
    if (arrivals === undefined) {
      arrivals = { seen: new Set(), repeated: new Map() };
      this.doors.set(door, arrivals);
    }
    const { seen, repeated } = arrivals;
    if (!seen.has(intentId)) seen.add(intentId);
    else repeated.set(intentId, (repeated.get(intentId) ?? 1) + 1);
  }

  /**
   * The fault that last acted on `nodes`: what a later consequence on them (a consumer group
   * rebalancing after its member went quiet) is blamed on.
   */
  blame(nodes: readonly string[], cause: FaultCause): void {
    for (const node of nodes) this.blamed.set(node, cause);
  }

  blameFor(node: string): FaultCause | undefined {
    return this.blamed.get(node);
  }

  records(): ExposureRecords {
    const faults = [...this.faults.values()]
      .sort((a, b) => a.cause.index - b.cause.index)
      .map(({ cause, touched, intents }) => withFields(cause, { touched, intents: [...intents] }));
    const repeats: RepeatNote[] = [];
    for (const [door, { seen, repeated }] of this.doors) {
      if (repeated.size === 0) continue;
      // In the order the intents first came, as they were seen.
      for (const intentId of seen) {
        const count = repeated.get(intentId);
        if (count !== undefined) repeats.push({ door, intentId, arrivals: count });
      }
    }
    return { faults, repeats };
  }
}
