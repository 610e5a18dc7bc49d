/**
 * fast-check arbitraries for the world a hunt explores: fault plans, workloads, client policies,
 * provider latency and the strategy's settings, each inside a HuntSpace.
 *
 * They are built for shrinking toward the story a person reads first:
 * - optional knobs (`fc.record(..., { requiredKeys: [] })`) shrink by disappearing, back to the
 *   base scenario's value;
 * - integers shrink toward their minimum: fewer payments, fewer attempts, earlier and shorter
 *   faults, the first instance;
 * - `fc.constantFrom` and `fc.oneof` shrink toward their first choice, so the simpler choice is
 *   listed first (a pause before a crash, a whole partition before a one-way one);
 * - a fault plan is a short list of absolute times, never a chain of small clock advances (which
 *   fast-check could only shorten one step at a time).
 */
import fc from 'fast-check';
import type { ClientTweaks, HuntCase, HuntFault, WorkerRef } from './hunt-case.js';
import type { HuntSpace, Range } from './hunt-space.js';

function within(range: Range): fc.Arbitrary<number> {
  return fc.integer({ min: range.min, max: range.max });
}

/** A service instance or, when the strategy consumes from Kafka, a consumer. */
export function workerArbitrary(space: HuntSpace): fc.Arbitrary<WorkerRef> {
  const service = fc.record({
    tier: fc.constant('service' as const),
    index: fc.integer({ min: 0, max: space.instances.max - 1 }),
  });
  if (space.consumers === 0) return service;
  const consumer = fc.record({
    tier: fc.constant('consumer' as const),
    index: fc.integer({ min: 0, max: space.consumers - 1 }),
  });
  return fc.oneof({ withCrossShrink: true }, service, consumer);
}

/** One fault of any kind the space allows. */
export function faultArbitrary(space: HuntSpace): fc.Arbitrary<HuntFault> {
  const atMs = fc.integer({ min: 0, max: space.faultWindowMs });
  const lastingMs = fc.integer({ min: 1, max: space.faultDurationMaxMs });
  const worker = workerArbitrary(space);
  const peers = [...new Set([...space.servicePeers, ...space.consumerPeers])];
  const kinds: Array<fc.Arbitrary<HuntFault>> = [
    fc.record({ kind: fc.constant('pause' as const), atMs, worker, durationMs: lastingMs }),
    fc.record({ kind: fc.constant('crash' as const), atMs, worker, restartAfterMs: lastingMs }),
  ];
  if (peers.length > 0) {
    const peer = fc.constantFrom(...peers);
    const on = fc.constantFrom('reply' as const, 'send' as const);
    const nth = fc.integer({ min: 1, max: 3 });
    kinds.push(
      fc.record({
        kind: fc.constant('partition' as const),
        atMs,
        worker,
        peer,
        cut: fc.constantFrom('both' as const, 'replies' as const, 'requests' as const),
        durationMs: lastingMs,
      }),
      fc.record({
        kind: fc.constant('crash-at' as const),
        atMs,
        worker,
        on,
        peer,
        nth,
        restartAfterMs: lastingMs,
      }),
      fc.record({
        kind: fc.constant('pause-at' as const),
        atMs,
        worker,
        on,
        peer,
        nth,
        durationMs: lastingMs,
      }),
    );
  }
  if (space.redisRestart) {
    kinds.push(
      fc.record({
        kind: fc.constant('redis-restart' as const),
        atMs,
        crash: fc.constantFrom('process' as const, 'machine' as const),
        downtimeMs: lastingMs,
      }),
    );
  }
  if (space.redisFailover)
    kinds.push(fc.record({ kind: fc.constant('redis-failover' as const), atMs, downtimeMs: lastingMs }));
  return fc.oneof({ withCrossShrink: true }, ...kinds);
}

/** Up to `faultsMax` faults, shrinking to none. */
export function faultPlanArbitrary(space: HuntSpace): fc.Arbitrary<HuntFault[]> {
  return fc.array(faultArbitrary(space), { maxLength: space.faultsMax });
}

/** Client timeout, attempts and backoff, each absent unless the search turns it. */
export function clientPolicyArbitrary(space: HuntSpace): fc.Arbitrary<ClientTweaks> {
  return fc.record(
    {
      timeoutMs: within(space.clientTimeoutMs),
      attemptsMax: within(space.clientAttempts),
      backoffBaseMs: within(space.clientBackoffMs),
    },
    { requiredKeys: [] },
  );
}

/** A log-normal provider latency (median and tail), or the base's. */
export function providerLatencyArbitrary(space: HuntSpace): fc.Arbitrary<HuntCase['providerLatency']> {
  const sigma = fc
    .integer({ min: Math.round(space.providerSigma.min * 10), max: Math.round(space.providerSigma.max * 10) })
    .map((tenths) => tenths / 10);
  return fc.option(fc.record({ medianMs: within(space.providerMedianMs), sigma }), { nil: undefined });
}

/** The strategy's duration settings (a lock TTL, a lease), each absent unless turned. */
export function settingsArbitrary(space: HuntSpace): fc.Arbitrary<Record<string, number>> {
  const fields = Object.fromEntries(
    Object.entries(space.settings).map(([name, range]) => [name, within(range)]),
  );
  return fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, number>>;
}

/** Payments and double submits: the workload a case runs. */
export function workloadArbitrary(
  space: HuntSpace,
): fc.Arbitrary<Pick<HuntCase, 'payments' | 'doubleSubmit'>> {
  return fc.record({
    payments: fc.integer({ min: 1, max: space.paymentsMax }),
    doubleSubmit: space.doubleSubmit ? fc.boolean() : fc.constant(false),
  });
}

/** A whole case. */
export function huntCaseArbitrary(space: HuntSpace): fc.Arbitrary<HuntCase> {
  return (
    fc
      .record({
        seed: fc.noShrink(fc.integer({ min: 1, max: 2 ** 31 - 1 })),
        workload: workloadArbitrary(space),
        instances: fc.option(within(space.instances), { nil: undefined }),
        client: clientPolicyArbitrary(space),
        providerLatency: providerLatencyArbitrary(space),
        settings: settingsArbitrary(space),
        faults: faultPlanArbitrary(space),
      })
      // Object.assign, not `{ ...rest, ...workload, ... }`, for the reason engine/with-fields.ts
      // gives (one such object a case); the same fields in the same order, the order a found case
      // prints in.
      .map(
        ({ workload, instances, providerLatency, ...rest }): HuntCase =>
          Object.assign(
            {},
            rest,
            workload,
            instances === undefined ? {} : { instances },
            providerLatency === undefined ? {} : { providerLatency },
          ),
      )
  );
}
