/**
 * One point in the hunt's search space: what a property-based search varies about a scenario, as
 * plain data that fast-check generates and shrinks and `applyHuntCase` turns into a Scenario.
 *
 * The shape is chosen for shrinking, because the shrunk case is the story a person reads: every
 * knob is absent unless the search needs it (absent = the base scenario's value), faults are a
 * short list of absolute times and durations (so shrinking makes them fewer, earlier and
 * shorter), and nodes are named by role and index so that fewer instances keep faults valid.
 */

/** A service instance or a Kafka consumer, by 0-based index (taken modulo how many there are). */
export interface WorkerRef {
  readonly tier: 'service' | 'consumer';
  readonly index: number;
}

export type HuntFault =
  /** A stop-the-world pause of a worker (a GC): its leases keep ticking while it is frozen. */
  | { readonly kind: 'pause'; readonly atMs: number; readonly worker: WorkerRef; readonly durationMs: number }
  /** kill -9 of a worker, restarted later. */
  | {
      readonly kind: 'crash';
      readonly atMs: number;
      readonly worker: WorkerRef;
      readonly restartAfterMs: number;
    }
  /** A worker dies at its nth request to (or reply from) a peer: "killed after the provider charged". */
  | {
      readonly kind: 'crash-at';
      readonly atMs: number;
      readonly worker: WorkerRef;
      readonly on: 'send' | 'reply';
      readonly peer: string;
      readonly nth: number;
      readonly restartAfterMs: number;
    }
  /** A worker pauses at its nth request to (or reply from) a peer: "frozen right after the provider charged". */
  | {
      readonly kind: 'pause-at';
      readonly atMs: number;
      readonly worker: WorkerRef;
      readonly on: 'send' | 'reply';
      readonly peer: string;
      readonly nth: number;
      readonly durationMs: number;
    }
  /** The link between a worker and a peer is cut: both ways, only requests, or only replies. */
  | {
      readonly kind: 'partition';
      readonly atMs: number;
      readonly worker: WorkerRef;
      readonly peer: string;
      readonly cut: 'both' | 'requests' | 'replies';
      readonly durationMs: number;
    }
  /** The Redis process or machine restarts, losing what its persistence mode loses. */
  | {
      readonly kind: 'redis-restart';
      readonly atMs: number;
      readonly crash: 'process' | 'machine';
      readonly downtimeMs: number;
    }
  /** Redis fails over to its lagging replica. */
  | { readonly kind: 'redis-failover'; readonly atMs: number; readonly downtimeMs: number };

export interface ClientTweaks {
  readonly timeoutMs?: number;
  readonly attemptsMax?: number;
  readonly backoffBaseMs?: number;
}

export interface HuntCase {
  /** The simulation's seed (never shrunk: a different seed is a different world, not a smaller one). */
  readonly seed: number;
  /** Payment intents in the run. */
  readonly payments: number;
  /** Every payment is sent twice at once with the same key (a double click), or as in the base. */
  readonly doubleSubmit: boolean;
  /** Service instances, when not the base's. */
  readonly instances?: number;
  readonly client: ClientTweaks;
  /** The provider's latency as a log-normal, when not the base's. */
  readonly providerLatency?: { readonly medianMs: number; readonly sigma: number };
  /** The strategy's own duration settings (`lockTtlMs`, `leaseMs`...), when not the base's. */
  readonly settings: Readonly<Record<string, number>>;
  readonly faults: readonly HuntFault[];
}

/** How big a story is: what a person has to hold in their head to follow it. */
export function caseSize(huntCase: HuntCase): {
  readonly payments: number;
  readonly faults: number;
  readonly changes: number;
} {
  const changes =
    Object.keys(huntCase.client).length +
    Object.keys(huntCase.settings).length +
    (huntCase.doubleSubmit ? 1 : 0) +
    (huntCase.instances === undefined ? 0 : 1) +
    (huntCase.providerLatency === undefined ? 0 : 1);
  return { payments: huntCase.payments, faults: huntCase.faults.length, changes };
}
