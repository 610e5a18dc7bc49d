/**
 * The story of one payment, as data: the trace entries that tell what happened to one intent,
 * in trace order, each with one plain sentence in virtual time.
 *
 * It keeps only the entries a person needs to follow the money: calls, replies, refusals,
 * timeouts and lost messages of the intent's calls; the provider's charges and key decisions;
 * Redis commands on the intent's key; crashes, restarts and pauses of the nodes its calls
 * touched; and partitions, while the intent was live. It leaves out arrivals, PostgreSQL and
 * Kafka internals, and latency changes. Redis TTL expiries are not traced, so they are not told.
 */
import type { TraceEntry } from '../engine/trace.js';
import type { Outcome } from '../experiment/run-experiment.js';
import type { RunSummary } from '../experiment/run-summary.js';
import { formatMoney } from './format.js';

export type StepKind = 'answer' | 'call' | 'reply' | 'refuse' | 'drop' | 'timeout' | 'charge' | 'key' | 'store' | 'node' | 'network';

export interface StoryStep {
  /** Virtual time, ms. */
  readonly tMs: number;
  /** The node the step happens at (for a message, the sender). */
  readonly actor: string;
  readonly kind: StepKind;
  /** One plain sentence. */
  readonly text: string;
  /** A few words for a diagram. */
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  /** The message never arrived. */
  readonly lost?: boolean;
}

/** What is known about one call of the intent, gathered before telling it. */
interface CallFacts {
  droppedRequest?: string;
  droppedReply?: string;
  arriveMs?: number;
  replyMs?: number;
  timeoutMs?: number;
}

const KEY_INTENT = /idem-(pay-\d+)/;
const NODE_EVENT: Readonly<Record<string, string>> = {
  'node.crash': 'crashes',
  'node.restart': 'restarts',
  'node.pause': 'pauses',
  'node.resume': 'resumes',
};

/** Which intents appear in the run, for checking a requested id. */
export function hasPayment(outcome: Outcome, intentId: string): boolean {
  return outcome.history.intents.some((intent) => intent.intentId === intentId);
}

/** The first payment that went wrong: double charge, then lost, told failed, wrong replay, stuck. */
export function firstHarmedPayment(summary: RunSummary): string | undefined {
  const { examples } = summary;
  return (
    examples.doubleCharged[0]?.intentId ??
    examples.lostPayments[0] ??
    examples.chargedButFailed[0] ??
    examples.wrongReplays[0] ??
    examples.stuck[0]
  );
}

/** One phrase for what became of the payment. */
export function paymentVerdict(outcome: Outcome, summary: RunSummary, intentId: string): string {
  const { examples } = summary;
  const harms: string[] = [];
  const double = examples.doubleCharged.find((example) => example.intentId === intentId);
  if (double !== undefined) harms.push(`charged ${double.chargeIds.length} times (${double.chargeIds.join(', ')})`);
  if (examples.lostPayments.includes(intentId)) harms.push('lost: told success or accepted, never charged');
  if (examples.chargedButFailed.includes(intentId)) harms.push('told failed, but charged');
  if (examples.wrongReplays.includes(intentId)) harms.push('told success for an amount never charged');
  if (examples.stuck.includes(intentId)) harms.push('stuck');
  if (harms.length > 0) return harms.join('; ');
  const result = outcome.history.intents.find((intent) => intent.intentId === intentId)?.result ?? 'unknown';
  return `ok (${result})`;
}

export function paymentStory(outcome: Outcome, intentId: string): StoryStep[] {
  const mine = outcome.trace.filter((entry) => belongsTo(entry, intentId));
  if (mine.length === 0) return [];
  const calls = gatherCalls(mine);
  const touched = new Set(mine.flatMap((entry) => ('from' in entry ? [String(entry['from']), String(entry['to'])] : [])));
  const fromMs = (mine[0] as TraceEntry).t;
  const toMs = (mine[mine.length - 1] as TraceEntry).t;
  const steps: StoryStep[] = [];
  const clientCalls = { count: 0 };
  const charges = { count: 0 };
  const crashes = outcome.trace.filter((entry) => entry.type === 'node.crash');
  const statuses = new Map(outcome.history.attempts.filter((a) => a.intentId === intentId).map((a) => [a.endMs, a.status] as const));
  for (const entry of outcome.trace) {
    if (belongsTo(entry, intentId)) {
      const step = stepOf(entry, calls, mine, crashes, clientCalls, charges) ?? clientAnswer(entry, statuses);
      if (step !== undefined) steps.push(step);
    } else if (entry.t >= fromMs && entry.t <= toMs) {
      const step = worldStep(entry, touched);
      if (step !== undefined) steps.push(step);
    }
  }
  return steps;
}

function belongsTo(entry: TraceEntry, intentId: string): boolean {
  if ('intent' in entry) return entry['intent'] === intentId;
  if (entry.type === 'redis.exec' || entry.type === 'redis.evict' || entry.type === 'psp.key') {
    return KEY_INTENT.exec(String(entry['command'] ?? entry['key']))?.[1] === intentId;
  }
  return false;
}

function gatherCalls(entries: readonly TraceEntry[]): Map<number, CallFacts> {
  const calls = new Map<number, CallFacts>();
  for (const entry of entries) {
    if (typeof entry['call'] !== 'number') continue;
    const facts = calls.get(entry['call']) ?? {};
    calls.set(entry['call'], facts);
    if (entry.type === 'msg.drop' && entry['leg'] === 'request') facts.droppedRequest = String(entry['reason']);
    if (entry.type === 'msg.drop' && entry['leg'] === 'reply') facts.droppedReply = String(entry['reason']);
    if (entry.type === 'rpc.arrive') facts.arriveMs = entry.t;
    if (entry.type === 'rpc.reply' || entry.type === 'rpc.refuse') facts.replyMs = entry.t;
    if (entry.type === 'rpc.timeout') facts.timeoutMs = entry.t;
  }
  return calls;
}

function stepOf(
  entry: TraceEntry,
  calls: ReadonlyMap<number, CallFacts>,
  mine: readonly TraceEntry[],
  crashes: readonly TraceEntry[],
  clientCalls: { count: number },
  charges: { count: number },
): StoryStep | undefined {
  const f = (name: string): string => String(entry[name]);
  const facts = calls.get(Number(entry['call'])) ?? {};
  const tMs = entry.t;
  const [caller, callee, method] = [f('from'), f('to'), f('method')];
  switch (entry.type) {
    case 'rpc.call': {
      const retry = caller === 'client' && ++clientCalls.count > 1 ? `client retries (attempt ${clientCalls.count}): ` : '';
      const text = retry === '' ? `${caller} sends ${method} to ${callee}` : `${retry}sends ${method} to ${callee}`;
      return { tMs, actor: caller, kind: 'call', text, label: retry === '' ? method : `${method} (attempt ${clientCalls.count})`, from: caller, to: callee, ...lost(facts.droppedRequest) };
    }
    case 'rpc.reply':
    case 'rpc.refuse': {
      const refused = entry.type === 'rpc.refuse';
      const gaveUp = facts.timeoutMs !== undefined && facts.timeoutMs <= tMs ? `, but ${caller} stopped waiting at ${formatT(facts.timeoutMs)}` : '';
      const text = refused ? `${callee} is down and refuses ${caller}'s ${method}` : `${callee} answers ${caller}'s ${method}${gaveUp}`;
      const label = refused ? 'refused' : `answers ${method}${gaveUp === '' ? '' : ' (too late)'}`;
      return { tMs, actor: callee, kind: refused ? 'refuse' : 'reply', text, label, from: callee, to: caller, ...lost(facts.droppedReply) };
    }
    case 'msg.drop': {
      const request = entry['leg'] === 'request';
      const text = request
        ? `the ${method} request from ${caller} to ${callee} is lost (${f('reason')})`
        : `${callee}'s answer to ${caller}'s ${method} is lost (${f('reason')})`;
      return { tMs, actor: request ? caller : callee, kind: 'drop', text, label: 'lost', lost: true };
    }
    case 'rpc.timeout':
      return {
        tMs, actor: caller, kind: 'timeout', text: `${caller} times out waiting for ${callee}; ${afterTimeout(facts, Number(entry['call']), tMs, mine, crashes)}`,
        label: `times out waiting for ${callee}`,
      };
    case 'psp.charge': {
      const nth = ++charges.count;
      const again = nth > 1 ? `: charge number ${nth} for this payment` : '';
      return {
        tMs, actor: 'psp', kind: 'charge', text: `psp charges ${f('charge')} for ${f('intent')} (${formatMoney(Number(entry['amount']))})${again}`,
        label: nth > 1 ? `charges ${f('charge')} (charge ${nth})` : `charges ${f('charge')}`,
      };
    }
    case 'psp.key':
      return { tMs, actor: 'psp', kind: 'key', text: `psp looks up key ${f('key')}: ${f('decision')}`, label: `key ${f('key')}: ${f('decision')}` };
    case 'redis.exec':
      return { tMs, actor: 'redis', kind: 'store', text: `redis runs ${f('command')} -> ${f('reply')}`, label: `${f('command')} -> ${f('reply')}` };
    case 'redis.evict':
      return { tMs, actor: 'redis', kind: 'store', text: `redis evicts ${f('key')} to free memory`, label: `evicts ${f('key')}` };
    default:
      return undefined;
  }
}

/** What the trace says about the call a caller just gave up on. */
function afterTimeout(facts: CallFacts, callId: number, tMs: number, mine: readonly TraceEntry[], crashes: readonly TraceEntry[]): string {
  if (facts.droppedRequest !== undefined) return 'its request was lost on the way';
  if (facts.droppedReply !== undefined) return 'the answer was lost on the way back';
  if (facts.arriveMs === undefined) return 'its request has not arrived yet';
  if (facts.replyMs !== undefined && facts.replyMs <= tMs) return 'the answer is still on the way';
  const inFlight = (entry: TraceEntry): boolean =>
    entry.type === 'rpc.arrive' && entry['to'] === 'psp' && entry.t <= tMs &&
    !mine.some((later) => later.type === 'rpc.reply' && later['call'] === entry['call'] && later.t <= tMs);
  const { chain, serving } = callChain(mine, callId);
  const crash = crashes.find((c) => serving.some((at) => at.node === c['node'] && c.t >= at.fromMs && c.t <= Math.min(at.untilMs, tMs)));
  if (crash !== undefined) return `${String(crash['node'])}, which was handling it, crashed at ${formatT(crash.t)}`;
  if (mine.some((entry) => inFlight(entry) && chain.has(Number(entry['call'])))) return 'the charge it asked for is still in flight';
  if (mine.some(inFlight)) return 'a charge for this payment is still in flight';
  return 'the work it asked for is still in progress';
}

/** The call and the calls made on its behalf: by a node it reached, while that node served it. */
function callChain(mine: readonly TraceEntry[], callId: number): { chain: Set<number>; serving: Serving[] } {
  const chain = new Set([callId]);
  const serving: Serving[] = [];
  for (const entry of mine) {
    const call = Number(entry['call']);
    if (entry.type === 'rpc.arrive' && chain.has(call)) serving.push({ node: String(entry['to']), call, fromMs: entry.t, untilMs: Infinity });
    if (entry.type === 'rpc.reply' && chain.has(call)) for (const s of serving) if (s.call === call) s.untilMs = entry.t;
    if (entry.type === 'rpc.call' && serving.some((s) => s.node === entry['from'] && entry.t <= s.untilMs)) chain.add(call);
  }
  return { chain, serving };
}

/** A node working on a call of the chain, from its arrival until its reply. */
interface Serving {
  readonly node: string;
  readonly call: number;
  readonly fromMs: number;
  untilMs: number;
}

function worldStep(entry: TraceEntry, touched: ReadonlySet<string>): StoryStep | undefined {
  const verb = NODE_EVENT[entry.type];
  if (verb !== undefined) {
    const node = String(entry['node']);
    if (!touched.has(node)) return undefined;
    return { tMs: entry.t, actor: node, kind: 'node', text: `${node} ${verb}`, label: verb };
  }
  if (entry.type === 'net.partition' || entry.type === 'net.heal') {
    const [between, and] = [String(entry['between']), String(entry['and'])];
    const actor = between === '*' ? 'client' : (between.split(',')[0] ?? 'client');
    const text = entry.type === 'net.partition'
      ? `the network cuts ${between} off from ${and}${entry['oneWay'] === true ? ' (one way)' : ''}`
      : between === '*' ? 'the network heals everywhere' : `the network heals between ${between} and ${and}`;
    return { tMs: entry.t, actor, kind: 'network', text, label: entry.type === 'net.partition' ? `partition from ${and}` : 'partition heals' };
  }
  return undefined;
}

/** The client learns how its attempt ended (the status comes from the history). */
function clientAnswer(entry: TraceEntry, statuses: ReadonlyMap<number, number | null>): StoryStep | undefined {
  if (entry['from'] !== 'client' || (entry.type !== 'rpc.ok' && entry.type !== 'rpc.refused')) return undefined;
  const status = statuses.get(entry.t);
  const what = entry.type === 'rpc.refused' ? 'connection refused' : status === undefined || status === null ? 'an answer' : `HTTP ${status}`;
  return { tMs: entry.t, actor: 'client', kind: 'answer', text: `client gets ${what} from ${String(entry['to'])}`, label: `gets ${what}` };
}

function lost(reason: string | undefined): { lost?: true } {
  return reason === undefined ? {} : { lost: true };
}

/** Virtual time as seconds with milliseconds: "t=1.503s". */
export function formatT(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}
