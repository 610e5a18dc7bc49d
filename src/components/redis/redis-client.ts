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
  const link: RedisLink = { world, fromNode, serverNode: options.serverNode, timeoutMs: options.timeoutMs };
  // Arrows to module-level generators, not generator methods made per port: a generator
  // closure keeps its world alive past the run (see client-workload.ts's Clients).
  return {
    get: (key) => get(link, key),
    set: ((key: string, value: RedisArg, ...setOptions: RedisArg[]) =>
      set(link, key, value, setOptions)) as RedisPort['set'],
    del: (...keys) => del(link, keys),
    pttl: (key) => pttl(link, key),
    eval: (script, numKeys, ...keysAndArgs) => command(link, 'EVAL', [script, numKeys, ...keysAndArgs]),
    call: (name, ...args) => command(link, name, args),
  };
}

/** Where one node's Redis commands go, and how long each waits. */
interface RedisLink {
  readonly world: World;
  readonly fromNode: string;
  readonly serverNode: string;
  readonly timeoutMs: number;
}

function* command(link: RedisLink, name: string, args: readonly RedisArg[]): Proc<unknown> {
  const request: RedisRequest = { command: name, args };
  const outcome = yield* call<RedisReply>(link.world, link.fromNode, link.serverNode, REDIS_METHOD, request, {
    timeoutMs: link.timeoutMs,
    carries: () => ({ command: describeCommand(name, args) }),
  });
  const reply = valueOrThrow(link.serverNode, outcome);
  if (!reply.ok) throw new RedisError(reply.error);
  return reply.value;
}

function* get(link: RedisLink, key: string): Proc<string | null> {
  return (yield* command(link, 'GET', [key])) as string | null;
}

function* set(link: RedisLink, key: string, value: RedisArg, options: RedisArg[]): Proc<'OK' | null> {
  return (yield* command(link, 'SET', [key, value, ...options])) as 'OK' | null;
}

function* del(link: RedisLink, keys: RedisArg[]): Proc<number> {
  return (yield* command(link, 'DEL', keys)) as number;
}

function* pttl(link: RedisLink, key: string): Proc<number> {
  return (yield* command(link, 'PTTL', [key])) as number;
}
