/**
 * The payment provider's own idempotency keys, with Stripe's contract:
 * - a key seen with the same parameters replays the first result, for `retentionMs` (Stripe keeps
 *   keys 24 h; after that a reused key charges again);
 * - the same key with other parameters is rejected (400);
 * - a second request while the first is still being processed gets 409.
 * The key table lives in the provider's durable store: it survives a provider crash, except for
 * in-flight claims, which die with the request that held them.
 */
import type { Charge, ChargeRequest } from './port/port.js';

export interface ProviderIdempotencyOptions {
  /** Whether the provider honours idempotency keys at all (default true). */
  readonly enabled: boolean;
  /** How long a finished key is remembered, ms (default 86 400 000: Stripe's 24 h). */
  readonly retentionMs: number;
}

/** What the provider should do with an incoming request. */
export type KeyDecision =
  /** forgottenAtMs: the key was known, but its retention ran out then (the request charges again). */
  | { readonly kind: 'proceed'; readonly forgottenAtMs?: number }
  | { readonly kind: 'replay'; readonly charge: Charge }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'mismatch' };

interface KeyRecord {
  readonly fingerprint: string;
  readonly charge: Charge | null;
  /** When the key finished, ms; null while in flight. */
  readonly finishedAtMs: number | null;
}

const PROCEED: KeyDecision = { kind: 'proceed' };

export class ProviderKeyTable {
  private readonly records = new Map<string, KeyRecord>();

  constructor(private readonly options: ProviderIdempotencyOptions) {}

  /** Decides, and claims the key when the request may proceed. */
  claim(request: ChargeRequest, nowMs: number): KeyDecision {
    const key = request.idempotencyKey;
    if (!this.options.enabled || key === undefined) return PROCEED;
    const fingerprint = fingerprintOf(request);
    const record = this.records.get(key);
    const forgotten = record?.finishedAtMs != null && nowMs - record.finishedAtMs >= this.options.retentionMs;
    if (record === undefined || forgotten) {
      this.records.set(key, { fingerprint, charge: null, finishedAtMs: null });
      return forgotten
        ? { kind: 'proceed', forgottenAtMs: (record.finishedAtMs as number) + this.options.retentionMs }
        : PROCEED;
    }
    if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (record.charge === null) return { kind: 'in-flight' };
    return { kind: 'replay', charge: record.charge };
  }

  complete(request: ChargeRequest, charge: Charge, nowMs: number): void {
    if (!this.options.enabled || request.idempotencyKey === undefined) return;
    this.records.set(request.idempotencyKey, {
      fingerprint: fingerprintOf(request),
      charge,
      finishedAtMs: nowMs,
    });
  }

  /** Drops in-flight claims: the requests holding them died with the provider process. */
  dropInFlight(): void {
    for (const [key, record] of this.records) if (record.charge === null) this.records.delete(key);
  }
}

function fingerprintOf(request: ChargeRequest): string {
  return `${request.amount} ${request.currency}`;
}
