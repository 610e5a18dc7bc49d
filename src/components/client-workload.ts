/**
 * The clients: payment intents arriving at a rate, each sending `POST /payments` until it gets
 * an answer it believes, or runs out of attempts.
 *
 * Every intent runs as its own process on the client node, with its intent id as causal context.
 * A submission is one retry loop: a timeout, a refused connection, 409, 429 and 5xx are retried
 * after an exponential backoff; a 2xx or another 4xx ends it. A double submit (a double click)
 * runs two submissions of the same intent a few ms apart. The key policy says whether attempts
 * share one idempotency key (the contract) or mint a new one each time (a bug seen in real
 * incidents).
 */
import { sleep, wait, type Proc } from '../engine/effects.js';
import type { Rng } from '../engine/rng.js';
import { roundToMicros } from '../engine/time.js';
import type { Node } from '../world/node.js';
import { call } from '../world/rpc.js';
import type { World } from '../world/world.js';
import type { HistoryRecorder, IntentResult } from './history.js';
import { isRetryable, outcomeOf, type PaymentRequest, type ServedResponse } from './port/http.js';
import { backoffMs, type RetryPolicy } from './retry-policy.js';
import { PAYMENTS_METHOD } from './service-instance.js';

export interface WorkloadOptions {
  /** Payment intents in the run (default 20). */
  readonly payments: number;
  /** Mean arrivals per second; arrivals are a Poisson process (default 10). */
  readonly arrivalRatePerSec: number;
  /** Amount of each payment, minor units (default 1000, i.e. 10.00). */
  readonly amount: number;
  /** ISO currency code (default "EUR"). */
  readonly currency: string;
}

/** stable: one key per payment (the contract); per-attempt: a new key every attempt (a bug seen in real incidents); none: no header. */
export type KeyPolicy = 'stable' | 'per-attempt' | 'none';

export interface ClientOptions {
  /** How long a client waits for one answer, ms (default 1000). */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** How the Idempotency-Key is chosen (default 'stable'). */
  readonly keyPolicy: KeyPolicy;
  /** Probability, per payment, that it is submitted twice (a double click) (default 0). */
  readonly doubleSubmitProbability: number;
  /** Time between the two submissions of a double submit, ms (default 50). */
  readonly doubleSubmitGapMs: number;
  /**
   * Probability, per payment, that its retries carry another amount under the same key (a client
   * bug: the cart is rebuilt before retrying) (default 0). The changed amount is 5.00 more.
   */
  readonly payloadMutationProbability: number;
}

/** How much a mutated retry adds to the amount, minor units. */
const MUTATION_AMOUNT = 500;

/** What one submission (one retry loop) ended with. */
interface SubmissionEnd {
  readonly result: Exclude<IntentResult, 'pending'>;
  readonly status: number | null;
}

/** What `startWorkload` runs the clients with; every field is required. */
export interface StartWorkloadOptions {
  /** The world the clients live in (its clock times attempts). */
  readonly world: World;
  /** The node the client processes run on: crash it and the clients vanish with it. */
  readonly clientNode: Node;
  /** The node name every request is sent to (the gateway, or a service instance). */
  readonly entryNode: string;
  /** Where intents and attempts are recorded. */
  readonly history: HistoryRecorder;
  /** How many payments arrive, how fast, and for how much. */
  readonly workload: WorkloadOptions;
  /** How each client waits, retries and chooses its key. */
  readonly client: ClientOptions;
  /** The clients' generator; forked by purpose, so arrivals do not shift jitter. */
  readonly rng: Rng;
}

export function startWorkload(options: StartWorkloadOptions): void {
  const clients = new Clients(options);
  options.clientNode.spawn(clients.arrive(), `${options.clientNode.name}/arrivals`, undefined);
}

/**
 * The clients of one run, their generators forked by purpose so arrivals do not shift jitter.
 * Their processes are this class's generator methods, not generator functions made per run:
 * V8 gives every generator closure a map and a prototype of its own, and a young generation
 * scavenge treats the weak references to those maps as strong, so each run's whole world
 * (the closure's context) would outlive the run into the old generation (engine/process.ts).
 */
class Clients {
  private readonly world: World;
  private readonly clientNode: Node;
  private readonly entryNode: string;
  private readonly history: HistoryRecorder;
  private readonly workload: WorkloadOptions;
  private readonly client: ClientOptions;
  private readonly arrivals: Rng;
  private readonly jitter: Rng;
  private readonly doubleSubmits: Rng;
  private readonly mutations: Rng;
  private readonly width: number;

  constructor(options: StartWorkloadOptions) {
    const { world, clientNode, entryNode, history, workload, client, rng } = options;
    this.world = world;
    this.clientNode = clientNode;
    this.entryNode = entryNode;
    this.history = history;
    this.workload = workload;
    this.client = client;
    this.arrivals = rng.fork('arrivals');
    this.jitter = rng.fork('jitter');
    this.doubleSubmits = rng.fork('double-submit');
    this.mutations = rng.fork('payload-mutation');
    this.width = String(workload.payments).length;
  }

  *arrive(): Proc {
    const { workload, client, clientNode } = this;
    for (let index = 1; index <= workload.payments; index++) {
      const intentId = `pay-${String(index).padStart(this.width, '0')}`;
      const submissions = this.doubleSubmits.chance(client.doubleSubmitProbability) ? 2 : 1;
      const mutates = this.mutations.chance(client.payloadMutationProbability);
      clientNode.spawn(this.pay(intentId, submissions, mutates), intentId, { intentId });
      if (index < workload.payments) yield* sleep(interArrivalMs(workload.arrivalRatePerSec, this.arrivals));
    }
  }

  private *pay(intentId: string, submissions: number, mutates: boolean): Proc {
    const { history, world, clientNode, client } = this;
    history.startIntent(intentId, this.workload.amount, world.sim.now);
    const ends = [clientNode.spawn(this.submit(intentId, 1, mutates), `${intentId}/1`, { intentId })];
    if (submissions === 2) {
      yield* sleep(client.doubleSubmitGapMs);
      ends.push(clientNode.spawn(this.submit(intentId, 2, mutates), `${intentId}/2`, { intentId }));
    }
    const results: SubmissionEnd[] = [];
    for (const end of ends) results.push(yield* wait(end.done));
    const final = combine(results);
    history.finishIntent(intentId, final.result, world.sim.now, final.status);
  }

  private *submit(intentId: string, submission: number, mutates: boolean): Proc<SubmissionEnd> {
    const { world, client, workload, history } = this;
    const { sim } = world;
    for (let attempt = 1; ; attempt++) {
      const key = keyFor(client.keyPolicy, intentId, submission, attempt);
      const amount = workload.amount + (mutates && attempt > 1 ? MUTATION_AMOUNT : 0);
      const request: PaymentRequest = { key, body: { amount, currency: workload.currency } };
      const startMs = sim.now;
      const outcome = yield* call<ServedResponse>(
        world,
        this.clientNode.name,
        this.entryNode,
        PAYMENTS_METHOD,
        request,
        {
          timeoutMs: client.timeoutMs,
        },
      );
      const status = outcome.type === 'ok' ? outcome.value.status : null;
      const verdict = outcomeOf(status ?? (outcome.type === 'info' ? 'timeout' : 'refused'));
      history.recordAttempt({
        intentId,
        submission,
        attempt,
        key,
        amount,
        startMs,
        endMs: sim.now,
        outcome: verdict,
        status,
        answeredAtMs: outcome.type === 'ok' ? (outcome.value.answeredAtMs ?? null) : null,
      });
      if (verdict === 'ok') return { result: 'succeeded', status };
      const retryable = status === null || isRetryable(status);
      if (!retryable || attempt >= client.retry.attemptsMax) {
        return { result: verdict === 'info' ? 'unknown' : 'failed', status };
      }
      yield* sleep(backoffMs(client.retry, attempt, this.jitter));
    }
  }
}

function keyFor(policy: KeyPolicy, intentId: string, submission: number, attempt: number): string | null {
  switch (policy) {
    case 'stable':
      return `idem-${intentId}`;
    case 'per-attempt':
      return `idem-${intentId}-${submission}-${attempt}`;
    case 'none':
      return null;
  }
}

/** What the user ends up believing: any success wins; then any refusal; else unknown. */
function combine(ends: readonly SubmissionEnd[]): SubmissionEnd {
  return (
    ends.find((end) => end.result === 'succeeded') ??
    ends.find((end) => end.result === 'failed') ??
    (ends[ends.length - 1] as SubmissionEnd)
  );
}

function interArrivalMs(ratePerSec: number, rng: Rng): number {
  return roundToMicros((-Math.log(1 - rng.float()) * 1000) / ratePerSec);
}
