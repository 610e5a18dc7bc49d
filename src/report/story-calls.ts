/**
 * The story's message steps: calls, replies, refusals, lost messages and timeouts.
 *
 * A call to a store (Redis, PostgreSQL, Kafka) is told once, where the store ran it, with what
 * ran and what came of it ("redis runs service-1's SET ... -> OK"): a line for the request and
 * one for the answer would only say it again. Its message lines stay where the message is the
 * news: a request lost, refused or arriving after its caller gave up; an answer lost, too late or
 * never taken.
 */
import type { TraceEvent, TraceEventOf } from '../engine/trace.js';
import { callOf } from './story-events.js';
import { execWords, requestWords } from './story-exec.js';
import type { CallFacts, StoryIndex } from './story-index.js';
import { formatT, type StoryStep } from './story-step.js';

const STORE_METHOD = /^(redis|pg|kafka)\./;

/** Store methods in words; other methods ("POST /payments", "charge") read as they are. */
const METHOD_WORDS: Readonly<Record<string, string>> = {
  'redis.command': 'Redis command',
  'pg.query': 'SQL statement',
  'kafka.produce': 'produce request',
  'kafka.metadata': 'metadata request',
  'kafka.init-producer-id': 'producer id request',
  'kafka.end-txn': 'end of transaction',
};

export interface CallCounters {
  /** Calls the client made so far: the second is attempt 2. */
  clientCalls: number;
  /** When the second submission of a double submit started (not a retry: the same click, twice). */
  readonly secondSubmissionMs?: number;
}

/** The step an RPC entry or a store's execution of a call tells, if any. */
export function callStep(
  entry: TraceEvent,
  index: StoryIndex,
  trace: readonly TraceEvent[],
  counters: CallCounters,
): StoryStep | undefined {
  const call = callOf(entry);
  const facts = call === undefined ? undefined : index.calls.get(call);
  if (facts === undefined) return undefined;
  const tMs = entry.t;
  const { caller, callee } = facts;
  const what = whatOf(facts);
  switch (entry.type) {
    case 'rpc.call': {
      if (folded(facts) && !arrivedLate(facts)) return undefined;
      const again = caller === 'client' && ++counters.clientCalls > 1;
      const resubmit = again && tMs === counters.secondSubmissionMs;
      const retry = !again
        ? ''
        : resubmit
          ? `client submits again, with the same key (a double click; attempt ${counters.clientCalls}): `
          : `client retries (attempt ${counters.clientCalls}): `;
      const text =
        retry === '' ? `${caller} sends ${what} to ${callee}` : `${retry}sends ${what} to ${callee}`;
      const label = retry === '' ? what : `${what} (attempt ${counters.clientCalls})`;
      return {
        tMs,
        actor: caller,
        kind: 'call',
        text,
        label,
        from: caller,
        to: callee,
        ...lost(facts.droppedRequest),
      };
    }
    case 'rpc.reply':
      return replyStep(entry, facts, what);
    case 'rpc.refuse':
      return {
        tMs,
        actor: callee,
        kind: 'refuse',
        text: `${callee} is down and refuses ${caller}'s ${what}`,
        label: 'refused',
        from: callee,
        to: caller,
        ...lost(facts.droppedReply),
      };
    case 'msg.drop': {
      const request = entry.leg === 'request';
      const { reason } = entry;
      const carried = request ? requestWords(entry) : undefined;
      const text =
        carried !== undefined
          ? `the request from ${caller} to ${callee} is lost (${reason}): ${carried.what}`
          : request
            ? `the ${what} from ${caller} to ${callee} is lost (${reason})`
            : `${callee}'s answer to ${caller}'s ${what} is lost (${reason})`;
      return { tMs, actor: request ? caller : callee, kind: 'drop', text, label: 'lost', lost: true };
    }
    case 'rpc.timeout':
      return {
        tMs,
        actor: caller,
        kind: 'timeout',
        text: `${caller} times out waiting for ${callee}; ${afterTimeout(facts, tMs, index.mine, trace)}`,
        label: `times out waiting for ${callee}`,
      };
    default: {
      if (facts.exec === undefined || facts.exec !== entry) return undefined;
      const words = execWords(facts.exec, caller, callee);
      const result = facts.okMs === undefined ? {} : { result: words.result };
      return {
        tMs,
        actor: callee,
        kind: 'exec',
        text: words.text,
        label: words.what,
        from: caller,
        to: callee,
        ...result,
      };
    }
  }
}

function replyStep(entry: TraceEventOf<'rpc.reply'>, facts: CallFacts, what: string): StoryStep | undefined {
  const { caller, callee } = facts;
  const tMs = entry.t;
  if (folded(facts) && facts.okMs !== undefined) {
    if (facts.exec !== undefined) return undefined; // told where it ran
    return {
      tMs,
      actor: callee,
      kind: 'exec',
      text: `${callee} answers ${caller}'s ${what}`,
      label: what,
      from: caller,
      to: callee,
      result: 'ok',
    };
  }
  const tooLate = facts.timeoutMs !== undefined && facts.timeoutMs <= tMs;
  const gaveUp = tooLate ? `, but ${caller} stopped waiting at ${formatT(facts.timeoutMs as number)}` : '';
  const status = typeof entry.status === 'number' ? `HTTP ${entry.status}` : undefined;
  const answer =
    facts.exec !== undefined ? execWords(facts.exec, caller, callee).result : (status ?? `answers ${what}`);
  return {
    tMs,
    actor: callee,
    kind: 'reply',
    text: `${callee} answers ${caller}'s ${what}${status === undefined ? '' : ` with ${status}`}${gaveUp}`,
    label: `${answer}${tooLate ? ' (too late)' : ''}`,
    from: callee,
    to: caller,
    ...lost(facts.droppedReply),
  };
}

/** A store call whose request got there and whose outcome a store line can tell. */
function folded(facts: CallFacts): boolean {
  return (
    STORE_METHOD.test(facts.method) &&
    facts.arriveMs !== undefined &&
    (facts.exec !== undefined || facts.okMs !== undefined)
  );
}

function arrivedLate(facts: CallFacts): boolean {
  return facts.timeoutMs !== undefined && facts.arriveMs !== undefined && facts.timeoutMs < facts.arriveMs;
}

/** "SET idem:idem-pay-03" when the store said what ran or the lost request says what it carried, else the method in words. */
function whatOf(facts: CallFacts): string {
  if (facts.exec !== undefined) return execWords(facts.exec, facts.caller, facts.callee).brief;
  const carried = facts.carried === undefined ? undefined : requestWords(facts.carried);
  return carried?.brief ?? METHOD_WORDS[facts.method] ?? facts.method;
}

/** What the trace says about the call a caller just gave up on. */
function afterTimeout(
  facts: CallFacts,
  tMs: number,
  mine: readonly TraceEvent[],
  trace: readonly TraceEvent[],
): string {
  if (facts.droppedRequest !== undefined) return 'its request was lost on the way';
  if (facts.arriveMs === undefined || facts.arriveMs > tMs) return 'its request has not arrived yet';
  const answered = facts.replyMs !== undefined && facts.replyMs <= tMs;
  if (answered && facts.droppedReply !== undefined) return 'the answer was lost on the way back';
  if (answered) return 'the answer is still on the way';
  const inFlight = (entry: TraceEvent): entry is TraceEventOf<'rpc.arrive'> =>
    entry.type === 'rpc.arrive' &&
    entry.to === 'psp' &&
    entry.t <= tMs &&
    !mine.some((later) => later.type === 'rpc.reply' && later.call === entry.call && later.t <= tMs);
  const { chain, serving } = callChain(mine, facts.id);
  const crash = trace.find(
    (c): c is TraceEventOf<'node.crash'> =>
      c.type === 'node.crash' &&
      serving.some((at) => at.node === c.node && c.t >= at.fromMs && c.t <= Math.min(at.untilMs, tMs)),
  );
  if (crash !== undefined) return `${crash.node}, which was handling it, crashed at ${formatT(crash.t)}`;
  for (const at of serving) {
    const since = at.fromMs <= tMs && at.untilMs > tMs ? pausedSince(trace, at.node, tMs) : undefined;
    if (since !== undefined)
      return `${at.node}, which is handling it, has been paused since ${formatT(since)}`;
  }
  const lostAnswer = mine.find(
    (entry): entry is TraceEventOf<'msg.drop'> =>
      entry.type === 'msg.drop' && entry.leg !== 'request' && entry.t <= tMs && chain.has(entry.call),
  );
  if (lostAnswer !== undefined) {
    return `${lostAnswer.to}'s answer to ${lostAnswer.from} was lost at ${formatT(lostAnswer.t)}: the work was done, but no answer is coming`;
  }
  if (mine.some((entry) => inFlight(entry) && chain.has(entry.call)))
    return 'the charge it asked for is still in flight';
  if (mine.some(inFlight)) return 'a charge for this payment is still in flight';
  return 'the work it asked for is still in progress';
}

/** A node working on a call of the chain, from its arrival until its reply. */
interface Serving {
  readonly node: string;
  readonly call: number;
  readonly fromMs: number;
  untilMs: number;
}

/** The call and the calls made on its behalf: by a node it reached, while that node served it. */
function callChain(mine: readonly TraceEvent[], callId: number): { chain: Set<number>; serving: Serving[] } {
  const chain = new Set([callId]);
  const serving: Serving[] = [];
  for (const entry of mine) {
    if (entry.type === 'rpc.arrive' && chain.has(entry.call))
      serving.push({ node: entry.to, call: entry.call, fromMs: entry.t, untilMs: Infinity });
    if (entry.type === 'rpc.reply' && chain.has(entry.call))
      for (const s of serving) if (s.call === entry.call) s.untilMs = entry.t;
    if (entry.type === 'rpc.call' && serving.some((s) => s.node === entry.from && entry.t <= s.untilMs))
      chain.add(entry.call);
  }
  return { chain, serving };
}

/** When the node paused, if it is paused at `tMs`. */
export function pausedSince(trace: readonly TraceEvent[], node: string, tMs: number): number | undefined {
  let since: number | undefined;
  for (const entry of trace) {
    if (entry.t > tMs) break;
    if (entry.type !== 'node.pause' && entry.type !== 'node.resume' && entry.type !== 'node.crash') continue;
    if (entry.node !== node) continue;
    if (entry.type === 'node.pause') since = entry.t;
    else since = undefined;
  }
  return since;
}

function lost(reason: string | undefined): { lost?: true } {
  return reason === undefined ? {} : { lost: true };
}
