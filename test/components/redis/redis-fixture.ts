/**
 * A world with one Redis server node ('redis') and one client node ('app') joined by 1 ms links,
 * and a log of client commands stamped with the virtual time each one executed at the server.
 */
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { TraceEntry } from '../../../src/engine/trace.js';
import { CallRefusedError, CallTimeoutError } from '../../../src/components/port/port.js';
import { makeRedisPort } from '../../../src/components/redis/redis-client.js';
import { registerRedisFaults } from '../../../src/components/redis/redis-faults.js';
import { RedisError, type RedisPort } from '../../../src/components/port/redis-port.js';
import { RedisServer, type RedisServerOptions } from '../../../src/components/redis/redis-server.js';
import { Nemesis, type FaultPlan } from '../../../src/world/nemesis.js';
import { World } from '../../../src/world/world.js';

/** One-way latency of every link, ms: a command sent at t executes at t + 1. */
export const LINK_MS = 1;

export interface RedisFixture {
  readonly sim: Simulation;
  readonly world: World;
  readonly server: RedisServer;
  readonly redis: RedisPort;
  readonly log: string[];
  /** Sends the command so that it executes at `executeAtMs`; logs "<t> <label> -> <reply>". */
  at(executeAtMs: number, label: string, command: (redis: RedisPort) => Proc<unknown>): void;
  /** The trace entries of the given types, as "<t> <type> <fields>" lines. */
  traceOf(...types: string[]): string[];
}

export function setupRedis(
  options: RedisServerOptions = {},
  faults: FaultPlan = [],
  /** Have the server record its schedule (schedule-types.ts). */
  recordSchedule = false,
): RedisFixture {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, {
    defaultLink: { latency: { kind: 'constant', ms: LINK_MS }, lossProbability: 0 },
  });
  const server = new RedisServer(world, world.addNode('redis'), options, recordSchedule);
  const app = world.addNode('app');
  const redis = makeRedisPort(world, 'app', { serverNode: 'redis', timeoutMs: 50 });
  const nemesis = new Nemesis(world);
  registerRedisFaults(nemesis, [server]);
  nemesis.schedule(faults);
  const log: string[] = [];
  function* client(executeAtMs: number, label: string, command: (redis: RedisPort) => Proc<unknown>): Proc {
    yield* sleep(executeAtMs - LINK_MS);
    let result: string;
    try {
      result = describe(yield* command(redis));
    } catch (error) {
      result = describeError(error);
    }
    log.push(`${executeAtMs} ${label} -> ${result}`);
  }
  return {
    sim,
    world,
    server,
    redis,
    log,
    at: (executeAtMs, label, command) => {
      app.spawn(client(executeAtMs, label, command), label, undefined);
    },
    traceOf: (...types) => sim.trace.all.filter((entry) => types.includes(entry.type)).map(traceLine),
  };
}

function describe(value: unknown): string {
  if (value === null) return '(nil)';
  if (typeof value === 'number') return `(integer) ${value}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeError(error: unknown): string {
  if (error instanceof RedisError) return `(error) ${error.message}`;
  if (error instanceof CallTimeoutError) return 'timeout';
  if (error instanceof CallRefusedError) return 'refused';
  throw error;
}

function traceLine(entry: TraceEntry): string {
  const { t, type, ...fields } = entry;
  return `${t} ${type} ${JSON.stringify(fields)}`;
}
