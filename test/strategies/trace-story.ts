/**
 * Reads one payment's story out of a run's trace, as short lines for whole-log assertions
 * ('1503 psp.charge ch_1').
 *
 * Many entries carry no intent: the stores trace what they execute, not for whom. They are
 * attributed here the way a reader of the trace would: a Redis command or a provider key by the
 * idempotency key in it (`idem-pay-03`); a PostgreSQL entry by its session, whose BEGIN ran in a
 * call that carries the intent; an entry recorded inside a call's handler (a pg.error, a
 * service.error, a gateway retry) by the call traced next at the same instant on the same node;
 * a Kafka commit or handled record by the offset its append had. World events (crashes,
 * restarts, pauses, failovers, rebalances) belong to every story.
 */
import type { Outcome } from '../../src/experiment/run-experiment.js';
import type { TraceEntry } from '../../src/engine/trace.js';

/** Whose story an entry is part of: one intent, every intent (a world event), or none. */
type Owner =
  | { readonly kind: 'intent'; readonly intentId: string }
  | { readonly kind: 'world' }
  | { readonly kind: 'nobody' };

const WORLD: Owner = { kind: 'world' };
const NOBODY: Owner = { kind: 'nobody' };

/** Entries that happen to the world, not to one payment. */
const WORLD_EVENT =
  /^(node\.|nemesis\.|net\.|redis\.(failover|crash|boot|cache-load)|kafka\.(rebalance|member\.|poll-timeout|slow-consumer))/;

/** Recorded inside the handler of a call, with no intent of their own. */
const INSIDE_A_CALL = new Set([
  'service.error',
  'proxy.retry',
  'kafka.produce.resend',
  'kafka.produce.give-up',
]);

export interface StoryFilter {
  /** Leave out entries before this virtual time, ms (default: none left out). */
  readonly fromMs?: number;
  /** Leave out entries after this virtual time, ms (default: none left out). */
  readonly toMs?: number;
  /** Keep only the RPC entries (rpc.*, msg.drop) of calls these nodes made (default: every caller). */
  readonly callers?: readonly string[];
}

/** The entries of `types` in the story of `intentId`, one readable line each, in trace order. */
export function storyOf(
  outcome: Outcome,
  intentId: string,
  types: readonly string[],
  filter: StoryFilter = {},
): string[] {
  const owners = ownersOf(outcome.trace);
  const wanted = new Set(types);
  const lines: string[] = [];
  outcome.trace.forEach((entry, index) => {
    if (!wanted.has(entry.type)) return;
    if (entry.t < (filter.fromMs ?? -Infinity) || entry.t > (filter.toMs ?? Infinity)) return;
    if (filter.callers !== undefined && 'method' in entry && !filter.callers.includes(String(entry['from'])))
      return;
    const owner = owners[index] ?? NOBODY;
    if (owner.kind === 'nobody' || (owner.kind === 'intent' && owner.intentId !== intentId)) return;
    lines.push(lineOf(entry));
  });
  return lines;
}

/** One line: virtual time, type, and the fields that tell the story for that type. */
export function lineOf(entry: TraceEntry): string {
  const f = (name: string): string => String(entry[name]);
  const detail = ((): string => {
    switch (entry.type) {
      case 'rpc.call':
      case 'rpc.arrive':
      case 'rpc.reply':
      case 'rpc.ok':
      case 'rpc.timeout':
      case 'rpc.refuse':
      case 'rpc.refused':
        return `${f('from')}->${f('to')} ${f('method')}`;
      case 'msg.drop':
        return `${f('from')}->${f('to')} ${f('method')} ${f('leg')} (${f('reason')})`;
      case 'psp.charge':
        return f('charge');
      case 'psp.key':
        return `${f('key')} ${f('decision')}`;
      case 'pg.begin':
      case 'pg.commit':
        return f('session');
      case 'pg.rollback':
        return `${f('session')} ${f('reason')}`;
      case 'pg.error':
        return `${f('session')} ${f('code')}`;
      case 'pg.wait':
        return `${f('session')} on ${f('on')}`;
      case 'redis.exec':
        return `${f('command')} -> ${f('reply')}`;
      case 'redis.evict':
        return f('key');
      case 'redis.failover':
        return `${f('node')} kept ${f('keysKept')} lost ${f('writesLost')}`;
      case 'redis.crash':
        return `${f('node')} ${f('crash')} persistence ${f('persistence')} kept ${f('keysKept')}`;
      case 'redis.boot':
        return `${f('node')} from ${f('from')} keys ${f('keys')}`;
      case 'net.partition':
      case 'net.heal':
        return `${f('between')} | ${f('and')}`;
      case 'net.link':
        return `${f('from')}->${f('to')} ${f('change')}`;
      case 'service.error':
        return `${f('node')} ${f('error')}: ${f('message')}`;
      case 'proxy.retry':
        return `${f('node')} attempt ${f('attempt')} got ${f('status')}`;
      case 'kafka.append':
      case 'kafka.dedup':
        return `p${f('partition')}@${f('offset')}`;
      case 'kafka.consume':
        return `${f('node')} p${f('partition')}@${f('offset')} gen ${f('generation')}`;
      case 'kafka.handler-error':
        return `${f('node')} p${f('partition')}@${f('offset')} ${f('error')}`;
      case 'kafka.handled':
        return `${f('node')} p${f('partition')}@${f('offset')} ${f('outcome')}`;
      case 'kafka.commit':
      case 'kafka.commit.fenced':
        return `${f('member')} p${f('partition')} next ${f('offset')}`;
      case 'kafka.produce.resend':
        return `${f('node')} p${f('partition')} attempt ${f('attempt')}`;
      case 'kafka.poll-timeout':
        return `${f('node')} ${f('member')}`;
      case 'kafka.rebalance':
        return `gen ${f('generation')} ${f('assignment')}`;
      case 'kafka.member.remove':
        return `${f('member')} ${f('reason')}`;
      default:
        return entry['node'] === undefined ? '' : f('node');
    }
  })();
  return detail === '' ? `${entry.t} ${entry.type}` : `${entry.t} ${entry.type} ${detail}`;
}

const KEY_INTENT = /idem-(pay-\d+)/;

/** Attributes every entry of the trace to an intent, to the world, or to nobody. */
function ownersOf(trace: readonly TraceEntry[]): Owner[] {
  const sessions = new Map<string, Owner>();
  const records = new Map<string, Owner>();
  return trace.map((entry, index) => {
    if ('intent' in entry) {
      const owner = entry['intent'] === null ? NOBODY : intent(String(entry['intent']));
      if (entry.type === 'kafka.append')
        records.set(`${String(entry['partition'])}@${String(entry['offset'])}`, owner);
      return owner;
    }
    if (entry.type === 'redis.exec' || entry.type === 'redis.evict' || entry.type === 'psp.key') {
      const match = KEY_INTENT.exec(String(entry['command'] ?? entry['key']));
      return match?.[1] === undefined ? NOBODY : intent(match[1]);
    }
    if (entry.type.startsWith('pg.')) return pgOwner(trace, index, sessions);
    if (entry.type === 'kafka.commit' || entry.type === 'kafka.commit.fenced') {
      return records.get(`${String(entry['partition'])}@${Number(entry['offset']) - 1}`) ?? NOBODY;
    }
    if (
      entry.type === 'kafka.handled' ||
      entry.type === 'kafka.handler-error' ||
      entry.type === 'kafka.dedup'
    ) {
      return records.get(`${String(entry['partition'])}@${String(entry['offset'])}`) ?? NOBODY;
    }
    if (INSIDE_A_CALL.has(entry.type)) return callerAt(trace, index, String(entry['node']));
    return WORLD_EVENT.test(entry.type) ? WORLD : NOBODY;
  });
}

function intent(intentId: string): Owner {
  return { kind: 'intent', intentId };
}

/** A PostgreSQL entry belongs to its session's intent; the session's BEGIN ran in a call that has one. */
function pgOwner(trace: readonly TraceEntry[], index: number, sessions: Map<string, Owner>): Owner {
  const entry = trace[index] as TraceEntry;
  const session = entry['session'];
  if (typeof session === 'string') {
    const known = sessions.get(session);
    if (known !== undefined) return known;
    const owner = callerAt(trace, index, String(entry['node']));
    sessions.set(session, owner);
    return owner;
  }
  return callerAt(trace, index, String(entry['node']));
}

/** The intent of the next call traced at the same instant that `node` serves or makes. */
function callerAt(trace: readonly TraceEntry[], index: number, node: string): Owner {
  const t = (trace[index] as TraceEntry).t;
  for (let next = index + 1; next < trace.length; next++) {
    const entry = trace[next] as TraceEntry;
    if (entry.t !== t) break;
    const served = entry.type === 'rpc.reply' && entry['to'] === node;
    const made = entry.type === 'rpc.call' && entry['from'] === node;
    if (served || made) return entry['intent'] === null ? NOBODY : intent(String(entry['intent']));
  }
  return NOBODY;
}
