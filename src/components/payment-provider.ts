/**
 * The payment provider (a PSP such as Stripe). Its ledger is the only truth about money.
 *
 * A charge takes the provider some processing time (often heavy-tailed), then commits to the
 * ledger, then replies. A crash of the provider node before the commit loses the charge; a lost
 * reply after it leaves the caller not knowing. Each ledger entry carries the payment intent
 * from the causal context, which the provider sees and the strategies do not.
 * Not modelled yet: the provider's own idempotency keys, 409 on concurrent same-key requests,
 * lookup by reference (they arrive with the strategies that use them).
 */
import { sleep, type Proc } from '../engine/effects.js';
import type { Rng } from '../engine/rng.js';
import { currentContext } from '../world/causal-context.js';
import { sampleLatency, type LatencySpec } from '../world/latency.js';
import type { Node } from '../world/node.js';
import type { World } from '../world/world.js';
import type { Charge, ChargeRequest } from './port.js';

export interface PaymentProviderOptions {
  /** Processing time of one charge, from arrival to commit (the reply follows at once). */
  readonly latency: LatencySpec;
}

export interface LedgerEntry {
  readonly chargeId: string;
  /** The payment intent that caused the charge, from the causal context; null if none. */
  readonly intentId: string | null;
  readonly amount: number;
  readonly currency: string;
  /** The provider-level idempotency key the caller sent, if any. */
  readonly idempotencyKey: string | null;
  /** Virtual time of the commit, ms. */
  readonly atMs: number;
}

/** The RPC method name a provider node serves. */
export const CHARGE_METHOD = 'charge';

export class PaymentProvider {
  private readonly entries: LedgerEntry[] = [];

  constructor(
    private readonly world: World,
    private readonly node: Node,
    private readonly options: PaymentProviderOptions,
    private readonly rng: Rng,
  ) {
    node.serve(CHARGE_METHOD, (request) => this.charge(request as ChargeRequest));
  }

  get name(): string {
    return this.node.name;
  }

  get ledger(): readonly LedgerEntry[] {
    return this.entries;
  }

  private *charge(request: ChargeRequest): Proc<Charge> {
    yield* sleep(sampleLatency(this.options.latency, this.rng));
    const { sim } = this.world;
    const entry: LedgerEntry = {
      chargeId: `ch_${this.entries.length + 1}`,
      intentId: currentContext(sim)?.intentId ?? null,
      amount: request.amount,
      currency: request.currency,
      idempotencyKey: request.idempotencyKey ?? null,
      atMs: sim.now,
    };
    this.entries.push(entry);
    sim.trace.record(sim.now, 'psp.charge', { charge: entry.chargeId, intent: entry.intentId, amount: entry.amount });
    return { chargeId: entry.chargeId, amount: entry.amount, currency: entry.currency, status: 'succeeded' };
  }
}
