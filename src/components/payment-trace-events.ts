/**
 * The trace events of the payment path: the provider's charges and idempotency-key decisions
 * (payment-provider.ts), the gateway's retries (reverse-proxy.ts), and a service's unhandled
 * errors (service-instance.ts). A new event of the service's goes here.
 *
 * They join the engine's one union of trace events (engine/trace.ts says why by declaration
 * merging).
 */

/** The provider's decision on a request's idempotency key, when it is news (a plain proceed is not traced). */
export type ProviderKeyFields = {
  readonly key: string | null;
} & (
  | {
      /** The key was known, but its retention ran out at `forgottenAtMs`: it charges again. */
      readonly decision: 'forgotten';
      readonly forgottenAtMs: number;
      readonly call: number | null;
    }
  | { readonly decision: 'replay' | 'in-flight' | 'mismatch'; readonly call: number | null }
);

declare module '../engine/trace.js' {
  interface TraceEvents {
    'psp.charge': {
      /** The ledger's charge id ("ch_1"). */
      readonly charge: string;
      readonly intent: string | null;
      /** In minor units (cents). */
      readonly amount: number;
      /** The charge request this handler serves, so a story can tell which attempt charged. */
      readonly call: number | null;
    };
    /** `call`: the charge request the decision was made for. */
    'psp.key': ProviderKeyFields;
    /** The gateway got `status` (or a timeout, 504) on its `attempt`th try, and tries again. */
    'proxy.retry': { readonly node: string; readonly attempt: number; readonly status: number };
    /** A request handler threw: the service answers 500. */
    'service.error': { readonly node: string; readonly error: string; readonly message: string };
  }
}
