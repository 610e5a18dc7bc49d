/**
 * What a strategy sees of Redis: the commands idempotency strategies use, typed like ioredis, each
 * one RPC to the simulated server (request latency, atomic execution on arrival, reply latency).
 *
 * Errors follow ioredis: an error reply from the server throws `RedisError` with Redis's message
 * ("OOM command not allowed ..."); no reply in time throws `CallTimeoutError` (the command may have
 * run); a refused connection throws `CallRefusedError` (it did not run). `makeRedisPort` in
 * redis/redis-client.ts builds one.
 */
import type { Proc } from '../../engine/effects.js';

/** An argument as ioredis accepts it; the server sees its string form, as on the wire. */
export type RedisArg = string | number;

/** An error reply from Redis (ioredis calls it ReplyError); `message` is Redis's own text. */
export class RedisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisError';
  }
}

export type RedisExpiryToken = 'PX' | 'EX';
export type RedisConditionToken = 'NX' | 'XX';

export interface RedisPort {
  /** The string at `key`, or null when there is none (absent or expired). */
  get(key: string): Proc<string | null>;
  set(key: string, value: RedisArg): Proc<'OK'>;
  set(key: string, value: RedisArg, expiry: RedisExpiryToken, ttl: number): Proc<'OK'>;
  /** With NX or XX: null when the condition did not hold and nothing was written. */
  set(
    key: string,
    value: RedisArg,
    expiry: RedisExpiryToken,
    ttl: number,
    condition: RedisConditionToken,
  ): Proc<'OK' | null>;
  set(key: string, value: RedisArg, condition: RedisConditionToken): Proc<'OK' | null>;
  set(
    key: string,
    value: RedisArg,
    condition: RedisConditionToken,
    expiry: RedisExpiryToken,
    ttl: number,
  ): Proc<'OK' | null>;
  /** How many of the keys existed and were deleted. */
  del(...keys: string[]): Proc<number>;
  /** Remaining TTL in ms; -1 without a TTL, -2 when the key does not exist. */
  pttl(key: string): Proc<number>;
  /** Runs a Lua script atomically; the script should touch only the keys it declares. */
  eval(script: string, numKeys: number, ...keysAndArgs: RedisArg[]): Proc<unknown>;
  /** Any modelled command by name, case-insensitive, as `redis.call` in ioredis. */
  call(command: string, ...args: RedisArg[]): Proc<unknown>;
}
