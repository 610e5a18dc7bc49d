/**
 * The payment provider (a PSP such as Stripe). Its ledger is the only truth about money.
 *
 * A charge takes the provider some processing time (often heavy-tailed), then commits to the
 * ledger, then replies. A crash of the provider node before the commit loses the charge; a lost
 * reply after it leaves the caller not knowing. Each ledger entry carries the payment intent
 * from the causal context, which the provider sees and the strategies do not.
 * Idempotency keys follow Stripe's contract (see provider-idempotency.ts); charges can be found
 * by the reference stored with them, which is what reconciliation needs.
 *
 * A background worker (a completer) charges with no causal context: it learnt of the payment from
 * a database row, which carries none. Its charge belongs to the payment whose requests sent the
 * same idempotency key, so the ledger attributes it by that key, whether the provider honours keys
 * or not: at once when a request with context sent the key before, else as soon as one does
 * (a client's retry that the provider answers with the worker's charge).
 */
import { sleep, type Proc } from '../engine/effects.js';
import type { Rng } from '../engine/rng.js';
import { currentContext } from '../world/causal-context.js';
import { sampleLatency, type LatencySpec } from '../world/latency.js';
import type { Node } from '../world/node.js';
import type { World } from '../world/world.js';
import { LedgerColumns, type LedgerEntry, type LedgerView } from './ledger-columns.js';
import type { Charge, ChargeRequest } from './port/port.js';
import {
  ProviderKeyTable,
  type KeyDecision,
  type ProviderIdempotencyOptions,
} from './provider-idempotency.js';

export interface PaymentProviderOptions {
  /** Processing time of one charge, from arrival to commit (the reply follows at once). */
  readonly latency: LatencySpec;
  /** The provider's own idempotency keys (default: honoured, kept 24 h, as Stripe does). */
  readonly idempotency: ProviderIdempotencyOptions;
}

export type { LedgerEntry };

/** What the provider answers to a charge request. */
export type ChargeReply =
  | { readonly ok: true; readonly charge: Charge }
  | { readonly ok: false; readonly status: number; readonly code: string };

/**
 * Told of every entry as it enters the ledger, and again when a worker's charge is attributed to
 * its intent (the entry at `position` is then replaced by `entry`).
 */
export type LedgerListener = (entry: LedgerEntry, position: number) => void;

/** RPC method names a provider node serves. */
export const CHARGE_METHOD = 'charge';
export const FIND_CHARGE_METHOD = 'find-charge';

export class PaymentProvider {
  private readonly columns = new LedgerColumns();
  /** The position of the latest charge per reference: reconciliation looks one up per payment, never scans the ledger. */
  private readonly byReference = new Map<string, number>();
  private readonly keys: ProviderKeyTable;
  /** The intent each idempotency key was first sent for, by a caller with a causal context. */
  private readonly intentByKey = new Map<string, string>();
  /**
   * Ledger positions of the charges a worker made under a key no request has yet sent with a
   * context: attribution looks them up by key instead of scanning the ledger per new key.
   */
  private readonly unattributedByKey = new Map<string, number[]>();
  private readonly listeners: LedgerListener[] = [];

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: PaymentProviderOptions,
    private readonly rng: Rng,
  ) {
    this.keys = new ProviderKeyTable(options.idempotency);
    node.serve(CHARGE_METHOD, (request) => this.charge(request as ChargeRequest));
    node.serve(FIND_CHARGE_METHOD, (reference) => this.findCharge(reference as string));
    node.onCrash(() => this.keys.dropInFlight());
  }

  get name(): string {
    return this.node.name;
  }

  /** Every charge so far, in commit order (built when read: ledger-columns.ts). */
  get ledger(): readonly LedgerEntry[] {
    return this.columns.entries;
  }

  /** The ledger itself, which builds its entries when read: what an outcome keeps of the provider. */
  get ledgerColumns(): LedgerView {
    return this.columns;
  }

  /** Tells `listener` of each ledger entry from now on (a tally judges intents as their money lands). */
  watchLedger(listener: LedgerListener): void {
    this.listeners.push(listener);
  }

  private *charge(request: ChargeRequest): Proc<ChargeReply> {
    const { sim } = this.world;
    this.attribute(request.idempotencyKey, currentContext(sim)?.intentId);
    const decision = this.keys.claim(request, sim.now);
    if (decision.kind !== 'proceed') return this.answerWithoutCharging(request, decision);
    if (decision.forgottenAtMs !== undefined) {
      // A known key that charges again is news (a plain proceed is not traced): say since when.
      const call = currentContext(sim)?.servingCall ?? null;
      const { forgottenAtMs } = decision;
      sim.trace.record(sim.now, 'psp.key', {
        key: request.idempotencyKey ?? null,
        decision: 'forgotten',
        forgottenAtMs,
        call,
      });
    }
    yield* sleep(sampleLatency(this.options.latency, this.rng));
    const position = this.commit({
      intentId: currentContext(sim)?.intentId ?? this.intentByKey.get(request.idempotencyKey ?? '') ?? null,
      amount: request.amount,
      currency: request.currency,
      idempotencyKey: request.idempotencyKey ?? null,
      reference: request.reference ?? null,
      atMs: sim.now,
    });
    const entry = this.columns.entryAt(position);
    for (const listener of this.listeners) listener(entry, position);
    // call: the charge request this handler serves, so a story can tell which attempt charged.
    const call = currentContext(sim)?.servingCall ?? null;
    sim.trace.record(sim.now, 'psp.charge', {
      charge: entry.chargeId,
      intent: entry.intentId,
      amount: entry.amount,
      call,
    });
    const charge = chargeOf(entry);
    this.keys.complete(request, charge, sim.now);
    return { ok: true, charge };
  }

  private answerWithoutCharging(
    request: ChargeRequest,
    decision: Exclude<KeyDecision, { kind: 'proceed' }>,
  ): ChargeReply {
    const { sim } = this.world;
    const call = currentContext(sim)?.servingCall ?? null;
    sim.trace.record(sim.now, 'psp.key', {
      key: request.idempotencyKey ?? null,
      decision: decision.kind,
      call,
    });
    switch (decision.kind) {
      case 'replay':
        return { ok: true, charge: decision.charge };
      case 'in-flight':
        return { ok: false, status: 409, code: 'idempotency_key_in_use' };
      case 'mismatch':
        return { ok: false, status: 400, code: 'idempotency_key_reused_with_other_parameters' };
    }
  }

  /** Appends a charge to the ledger; answers its position. */
  private commit(charge: Omit<LedgerEntry, 'chargeId'>): number {
    const position = this.columns.append(charge);
    if (charge.intentId === null && charge.idempotencyKey !== null)
      this.awaitAttribution(charge.idempotencyKey, position);
    if (charge.reference !== null) this.byReference.set(charge.reference, position);
    return position;
  }

  /** Notes the key's intent, and hands it the charges a worker made under the key before. */
  private attribute(key: string | undefined, intentId: string | undefined): void {
    if (key === undefined || intentId === undefined || this.intentByKey.has(key)) return;
    this.intentByKey.set(key, intentId);
    for (const position of this.unattributedByKey.get(key) ?? []) {
      this.columns.attribute(position, intentId);
      const attributed = this.columns.entryAt(position);
      for (const listener of this.listeners) listener(attributed, position);
    }
    this.unattributedByKey.delete(key);
  }

  /** Remembers where a charge without an intent sits, for the first request that sends its key. */
  private awaitAttribution(key: string, position: number): void {
    const positions = this.unattributedByKey.get(key);
    if (positions === undefined) this.unattributedByKey.set(key, [position]);
    else positions.push(position);
  }

  private *findCharge(reference: string): Proc<Charge | null> {
    yield* sleep(0);
    const position = this.byReference.get(reference);
    return position === undefined ? null : chargeOf(this.columns.entryAt(position));
  }
}

function chargeOf(entry: LedgerEntry): Charge {
  return { chargeId: entry.chargeId, amount: entry.amount, currency: entry.currency, status: 'succeeded' };
}
