/**
 * Replies of the model and of a real server side by side: the real one read from ioredis into the
 * model's shape, compared, and written as one line.
 */
import type { Redis } from 'ioredis';
import type { RedisReply } from '../components/redis/redis-protocol.js';

/** Sends one command as the schedule recorded it; an error reply is a reply, not an exception. */
export async function sendCommand(
  server: Redis,
  command: string,
  args: readonly string[],
): Promise<RedisReply> {
  try {
    return { ok: true, value: await server.call(command, ...args) };
  } catch (error) {
    // A ReplyError carries Redis's message; a lost connection is not a reply and ends the replay.
    if (error instanceof Error && error.name === 'ReplyError') return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Whether the two replies agree. A PTTL counts down in real time, so two non-negative PTTLs agree
 * within `toleranceMs`, as deadlines do.
 */
export function sameReply(
  command: string,
  model: RedisReply,
  real: RedisReply,
  toleranceMs: number,
): boolean {
  if (model.ok !== real.ok) return false;
  if (!model.ok || !real.ok) return !model.ok && !real.ok && model.error === real.error;
  if (command === 'PTTL' && typeof model.value === 'number' && typeof real.value === 'number') {
    if (model.value < 0 || real.value < 0) return model.value === real.value;
    return Math.abs(model.value - real.value) <= toleranceMs;
  }
  return JSON.stringify(model.value ?? null) === JSON.stringify(real.value ?? null);
}

export function isOom(reply: RedisReply): boolean {
  return !reply.ok && reply.error.startsWith('OOM ');
}

/** The keys a modelled command names (redis-commands.ts), for the rules that look at keys. */
export function keysNamed(command: string, args: readonly string[]): string[] {
  switch (command) {
    case 'GET':
    case 'PTTL':
    case 'SET':
    case 'PEXPIRE':
      return args.slice(0, 1);
    case 'DEL':
    case 'EXISTS':
      return [...args];
    case 'EVAL':
      return args.slice(2, 2 + Number(args[1] ?? 0));
    default:
      return [];
  }
}

/** One line, as redis-cli shows a reply, cut short. */
export function replyText(reply: RedisReply): string {
  if (!reply.ok) return `(error) ${reply.error}`;
  if (reply.value === null || reply.value === undefined) return '(nil)';
  if (typeof reply.value === 'number') return `(integer) ${reply.value}`;
  const text = typeof reply.value === 'string' ? reply.value : JSON.stringify(reply.value);
  return text.length <= 100 ? text : `${text.slice(0, 97)}...`;
}
