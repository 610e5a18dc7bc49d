/**
 * Builds the Redis port a strategy sees, for code running on one node: every command is one RPC
 * to the Redis server node, with the caller's timeout.
 */
import type { Proc } from '../../engine/effects.js';
import { call } from '../../world/rpc.js';
import type { World } from '../../world/world.js';
import { valueOrThrow } from '../rpc-outcome.js';
import { RedisError, type RedisArg, type RedisPort } from '../port/redis-port.js';
import { REDIS_METHOD, type RedisReply, type RedisRequest } from './redis-protocol.js';
import { describeCommand } from './trace-text.js';

export interface RedisClientOptions {
  /** The node the Redis server runs on. No default. */
  readonly serverNode: string;
  /** How long each command waits for its reply, ms (ioredis's commandTimeout). No default. */
  readonly timeoutMs: number;
}

export function makeRedisPort(world: World, fromNode: string, options: RedisClientOptions): RedisPort {
  function* command(name: string, args: readonly RedisArg[]): Proc<unknown> {
    const request: RedisRequest = { command: name, args };
    const outcome = yield* call<RedisReply>(world, fromNode, options.serverNode, REDIS_METHOD, request, {
      timeoutMs: options.timeoutMs,
      carries: () => ({ command: describeCommand(name, args) }),
    });
    const reply = valueOrThrow(options.serverNode, outcome);
    if (!reply.ok) throw new RedisError(reply.error);
    return reply.value;
  }
  return {
    *get(key) {
      return (yield* command('GET', [key])) as string | null;
    },
    set: function* (key: string, value: RedisArg, ...options: RedisArg[]) {
      return (yield* command('SET', [key, value, ...options])) as 'OK' | null;
    } as RedisPort['set'],
    *del(...keys) {
      return (yield* command('DEL', keys)) as number;
    },
    *pttl(key) {
      return (yield* command('PTTL', [key])) as number;
    },
    eval: (script, numKeys, ...keysAndArgs) => command('EVAL', [script, numKeys, ...keysAndArgs]),
    call: (name, ...args) => command(name, args),
  };
}
