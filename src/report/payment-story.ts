/**
 * The story of one payment, as data: the trace entries that tell what happened to one intent,
 * in trace order, each with one plain sentence in virtual time.
 *
 * It keeps what a person needs to follow the money (story-index.ts says which entries are the
 * payment's): its calls, each call to a store told once with what ran and what came of it, and the
 * messages lost, refused or too late (story-calls.ts); the provider's charges and key decisions;
 * what Redis and PostgreSQL did to its keys and transactions, TTL expiries included
 * (story-stores.ts); its Kafka records handed out, committed or fenced (story-kafka.ts); and,
 * while the payment was live, crashes, restarts and pauses of the nodes it touched, partitions,
 * what a restart or failover of its Redis kept, and its consumer group's rebalances. It leaves out
 * arrivals, polls and heartbeats, and latency changes. Once the client has sent again, each step
 * says which attempt it is part of: every call names the call it was made for (its parent), so a
 * step can be followed back to the client's call, whichever node or Kafka record it went through.
 */
import { HARM_CATALOGUE } from '../checks/harm-catalogue.js';
import type { TraceEvent, TraceKind } from '../engine/trace.js';
import type { Outcome } from '../experiment/run-experiment.js';
import type { RunSummary } from '../experiment/run-summary.js';
import { formatMoney } from './format.js';
import { callStep } from './story-calls.js';
import { isRedisEvent } from './story-events.js';
import { attemptOf, indexStory, type StoryIndex } from './story-index.js';
import {
  kafkaStep,
  kafkaWorldStep,
  newRecordProgress,
  trackRecords,
  type RecordProgress,
} from './story-kafka.js';
import { formatT, type StoryStep } from './story-step.js';
import { redisWorldStep, storeStep } from './story-stores.js';

export { formatT, type StepKind, type StoryStep } from './story-step.js';

const NODE_EVENT: Readonly<Partial<Record<TraceKind, string>>> = {
  'node.crash': 'crashes',
  'node.restart': 'restarts',
  'node.pause': 'pauses',
  'node.resume': 'resumes',
};

/** Which intents appear in the run, for checking a requested id. */
export function hasPayment(outcome: Outcome, intentId: string): boolean {
  return outcome.history.intents.some((intent) => intent.intentId === intentId);
}

/** The first payment that went wrong: harms about money first, each kind in the catalogue's order. */
export function firstHarmedPayment(summary: RunSummary): string | undefined {
  const moneyFirst = [...HARM_CATALOGUE].sort((a, b) => Number(b.money) - Number(a.money));
  for (const entry of moneyFirst) {
    const first = summary.examples[entry.field][0];
    if (first !== undefined) return first;
  }
  return undefined;
}

/** One phrase for what became of the payment. */
export function paymentVerdict(outcome: Outcome, summary: RunSummary, intentId: string): string {
  const { examples } = summary;
  const harms: string[] = [];
  const double = examples.doubleCharged.find((example) => example.intentId === intentId);
  if (double !== undefined)
    harms.push(`charged ${double.chargeIds.length} times (${double.chargeIds.join(', ')})`);
  for (const entry of HARM_CATALOGUE) {
    if (entry.id !== 'double-charge' && examples[entry.field].includes(intentId)) harms.push(entry.harmed);
  }
  if (harms.length > 0) return harms.join('; ');
  const result = outcome.history.intents.find((intent) => intent.intentId === intentId)?.result ?? 'unknown';
  return `ok (${result})`;
}

export function paymentStory(outcome: Outcome, intentId: string): StoryStep[] {
  const index = indexStory(outcome.trace, intentId);
  const { mine } = index;
  if (mine.length === 0) return [];
  const mineSet = new Set(mine);
  const fromMs = (mine[0] as TraceEvent).t;
  const toMs = (mine[mine.length - 1] as TraceEvent).t;
  const steps: StoryStep[] = [];
  const secondSubmission = outcome.history.attempts.find(
    (a) => a.intentId === intentId && a.submission === 2 && a.attempt === 1,
  );
  const counters = {
    clientCalls: 0,
    charges: 0,
    ...(secondSubmission === undefined ? {} : { secondSubmissionMs: secondSubmission.startMs }),
  };
  const records = newRecordProgress();
  const statuses = new Map(
    outcome.history.attempts.filter((a) => a.intentId === intentId).map((a) => [a.endMs, a.status] as const),
  );
  for (const entry of outcome.trace) {
    let step: StoryStep | undefined;
    if (mineSet.has(entry)) {
      trackRecords(entry, index, records);
      step =
        callStep(entry, index, outcome.trace, counters) ??
        paymentStep(entry, counters) ??
        storeStep(entry, index, outcome.trace) ??
        kafkaStep(entry, index, records) ??
        clientAnswer(entry, statuses);
      if (step !== undefined && counters.clientCalls > 1) step = withAttempt(step, attemptOf(entry, index));
    } else if (entry.t >= fromMs && entry.t <= toMs) {
      step = worldStep(entry, index, records);
    }
    if (step !== undefined) steps.push(step);
  }
  return steps;
}

/**
 * Once the client has sent again, says which attempt a step is part of ("[attempt 2]"), so
 * attempts running at once on one node can be told apart. The client's own sends say it already.
 */
function withAttempt(step: StoryStep, attempt: number | undefined): StoryStep {
  if (attempt === undefined || (step.kind === 'call' && step.from === 'client')) return step;
  return {
    ...step,
    text: `${step.text} [attempt ${attempt}]`,
    label: `${step.label} (attempt ${attempt})`,
    attempt,
  };
}

/** The provider's charges and idempotency-key decisions. */
function paymentStep(entry: TraceEvent, counters: { charges: number }): StoryStep | undefined {
  const tMs = entry.t;
  if (entry.type === 'psp.charge') {
    const nth = ++counters.charges;
    const again = nth > 1 ? `: charge number ${nth} for this payment` : '';
    return {
      tMs,
      actor: 'psp',
      kind: 'charge',
      text: `psp charges ${entry.charge} for ${String(entry.intent)} (${formatMoney(entry.amount)})${again}`,
      label: nth > 1 ? `charges ${entry.charge} (charge ${nth})` : `charges ${entry.charge}`,
    };
  }
  if (entry.type !== 'psp.key') return undefined;
  const key = String(entry.key);
  if (entry.decision === 'forgotten') {
    const text = `psp no longer knows key ${key}: its retention ran out at ${formatT(entry.forgottenAtMs)}, so it charges again`;
    return { tMs, actor: 'psp', kind: 'key', text, label: `key ${key}: forgotten` };
  }
  return {
    tMs,
    actor: 'psp',
    kind: 'key',
    text: `psp looks up key ${key}: ${entry.decision}`,
    label: `key ${key}: ${entry.decision}`,
  };
}

/** Crashes, restarts and pauses of the nodes the payment touched, partitions, and its stores' and groups' upheavals. */
function worldStep(entry: TraceEvent, index: StoryIndex, records: RecordProgress): StoryStep | undefined {
  const verb = NODE_EVENT[entry.type];
  if (verb !== undefined && 'node' in entry) {
    const { node } = entry;
    if (!index.touched.has(node)) return undefined;
    return { tMs: entry.t, actor: node, kind: 'node', text: `${node} ${verb}`, label: verb };
  }
  if (entry.type === 'net.partition' || entry.type === 'net.heal') {
    const { between, and } = entry;
    const actor = between === '*' ? 'client' : (between.split(',')[0] ?? 'client');
    const text =
      entry.type === 'net.partition'
        ? `the network cuts ${between} off from ${and}${entry.oneWay ? ' (one way)' : ''}`
        : between === '*'
          ? 'the network heals everywhere'
          : `the network heals between ${between} and ${and}`;
    return {
      tMs: entry.t,
      actor,
      kind: 'network',
      text,
      label: entry.type === 'net.partition' ? `partition from ${and}` : 'partition heals',
    };
  }
  if (isRedisEvent(entry)) return index.touched.has(entry.node) ? redisWorldStep(entry) : undefined;
  return kafkaWorldStep(entry, index, records);
}

/** The client learns how its attempt ended (the status comes from the history). */
function clientAnswer(
  entry: TraceEvent,
  statuses: ReadonlyMap<number, number | null>,
): StoryStep | undefined {
  if ((entry.type !== 'rpc.ok' && entry.type !== 'rpc.refused') || entry.from !== 'client') return undefined;
  const status = statuses.get(entry.t);
  const what =
    entry.type === 'rpc.refused'
      ? 'connection refused'
      : status === undefined || status === null
        ? 'an answer'
        : `HTTP ${status}`;
  return {
    tMs: entry.t,
    actor: 'client',
    kind: 'answer',
    text: `client gets ${what} from ${entry.to}`,
    label: `gets ${what}`,
  };
}
