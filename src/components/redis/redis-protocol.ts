/**
 * The wire between a Redis port and a Redis server node: one RPC method, one request shape, one
 * reply shape. An error reply is data, not an exception, so it crosses the simulated network like
 * any other reply and the port turns it into a `RedisError` at the caller.
 */
import type { RedisArg } from '../port/redis-port.js';

/** The RPC method a Redis server node serves. */
export const REDIS_METHOD = 'redis.command';

export interface RedisRequest {
  /** Command name, any case ("set", "SET"). */
  readonly command: string;
  readonly args: readonly RedisArg[];
}

export type RedisReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** Redis 7's reply when a write arrives while used memory is over maxmemory and nothing can go. */
export const OOM_MESSAGE = "OOM command not allowed when used memory > 'maxmemory'.";

export function errorReply(error: unknown): RedisReply {
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}
