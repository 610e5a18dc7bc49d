/**
 * Short, stable text for a Redis command and its reply in the trace, in redis-cli's style
 * ("SET idem:k1 in-progress PX 200 NX" -> "OK", "(nil)", "(error) OOM ...").
 */
import type { RedisArg } from '../port/redis-port.js';
import type { RedisReply } from './redis-protocol.js';

/** Longer text is cut: a cached JSON response would drown the trace. */
const MAX_CHARS = 80;

export function describeCommand(command: string, args: readonly RedisArg[]): string {
  return clip([command, ...args.map(String)].join(' '));
}

export function describeReply(reply: RedisReply): string {
  if (!reply.ok) return `(error) ${reply.error}`;
  if (reply.value === null || reply.value === undefined) return '(nil)';
  if (typeof reply.value === 'string') return clip(reply.value);
  if (typeof reply.value === 'number') return `(integer) ${reply.value}`;
  return clip(JSON.stringify(reply.value) ?? String(reply.value));
}

function clip(text: string): string {
  return text.length <= MAX_CHARS ? text : `${text.slice(0, MAX_CHARS - 3)}...`;
}
