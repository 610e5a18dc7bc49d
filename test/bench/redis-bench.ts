/**
 * Cost of one simulated Redis command, in microseconds of real time, next to the cost of the bare
 * ioredis-mock call it wraps, measured in the same run so the ratios survive a noisy machine.
 *
 * "port -> server" is the whole path a strategy pays: an RPC through the simulated network (two
 * message events, a handler process), the server's parsing, expiry, eviction and logging, and the
 * mock's reply microtasks. EVAL is dominated by ioredis-mock itself, which builds and disposes a
 * fresh fengari Lua VM for every script call.
 */
import { performance } from 'node:perf_hooks';
import RedisMock from 'ioredis-mock';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { makeRedisPort } from '../../src/components/redis/redis-client.js';
import type { RedisPort } from '../../src/components/port/redis-port.js';
import { RedisServer, type RedisServerOptions } from '../../src/components/redis/redis-server.js';
import { World } from '../../src/world/world.js';

const CLIENTS = 10;
const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

async function bareMockMicros(commands: number, evals: boolean): Promise<number> {
  const client = new RedisMock({ host: 'idemsim-bench-bare' });
  const started = performance.now();
  for (let index = 0; index < commands / 2; index++) {
    if (evals) {
      await client.eval(RELEASE, 1, `lock:${index}`, 'me');
      await client.eval(RELEASE, 1, `lock:${index}`, 'me');
      continue;
    }
    await client.set(`idem:${index}`, 'in-progress', 'PX', 60_000, 'NX');
    await client.get(`idem:${index}`);
  }
  const micros = ((performance.now() - started) * 1000) / commands;
  await client.flushall();
  client.disconnect();
  return micros;
}

/** `commands` commands from CLIENTS concurrent clients, each one SET NX PX then one GET. */
async function portMicros(
  commands: number,
  options: RedisServerOptions,
  step: (redis: RedisPort, index: number) => Proc<unknown>,
): Promise<number> {
  const sim = new Simulation({ seed: 1, trace: false });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  new RedisServer(world, world.addNode('redis'), options);
  const app = world.addNode('app');
  const redis = makeRedisPort(world, 'app', { serverNode: 'redis', timeoutMs: 100 });
  const perClient = Math.ceil(commands / CLIENTS);
  function* client(offset: number): Proc {
    for (let index = 0; index < perClient; index++) {
      yield* step(redis, offset * perClient + index);
      yield* sleep(0.25);
    }
  }
  for (let offset = 0; offset < CLIENTS; offset++) app.spawn(client(offset), `client-${offset}`, undefined);
  const started = performance.now();
  await sim.run();
  return ((performance.now() - started) * 1000) / (perClient * CLIENTS);
}

function* setThenGet(redis: RedisPort, index: number): Proc<unknown> {
  const key = `idem:${index >> 1}`;
  return index % 2 === 0 ? yield* redis.set(key, 'in-progress', 'PX', 60_000, 'NX') : yield* redis.get(key);
}

const evalStep = (redis: RedisPort, index: number): Proc<unknown> =>
  redis.eval(RELEASE, 1, `lock:${index}`, 'me');

export async function benchRedis(): Promise<string[]> {
  const commands = 40_000;
  // Warm the JIT on every path first: the first thousands of commands cost several times more.
  await bareMockMicros(commands / 4, false);
  const everything: RedisServerOptions = {
    maxMemoryBytes: 100_000,
    maxMemoryPolicy: 'volatile-lru',
    persistence: 'aof-everysec',
    replicationLagMs: 5,
  };
  await portMicros(commands / 4, everything, setThenGet);
  await portMicros(100, {}, evalStep);
  const bare = await bareMockMicros(commands, false);
  const plain = await portMicros(commands, {}, setThenGet);
  const durable = await portMicros(
    commands,
    { persistence: 'aof-everysec', replicationLagMs: 5 },
    setThenGet,
  );
  // About 2000 keys fit: every later SET evicts one.
  const evicting = await portMicros(
    commands,
    { maxMemoryBytes: 200_000, maxMemoryPolicy: 'volatile-lru' },
    setThenGet,
  );
  const bareEval = await bareMockMicros(400, true);
  const evals = await portMicros(400, {}, evalStep);
  const line = (label: string, micros: number, baseline: number): string =>
    `redis: ${label.padEnd(50)} ${micros.toFixed(1).padStart(7)} us/command  (${(micros / baseline).toFixed(1)}x bare mock)`;
  return [
    `redis: ${'bare ioredis-mock, SET NX PX / GET (awaited)'.padEnd(50)} ${bare.toFixed(1).padStart(7)} us/command`,
    line('port -> server, SET NX PX / GET, no faults', plain, bare),
    line('port -> server, with AOF + replica logs', durable, bare),
    line('port -> server, every SET evicts (volatile-lru)', evicting, bare),
    `redis: ${'bare ioredis-mock, EVAL compare-and-delete'.padEnd(50)} ${bareEval.toFixed(1).padStart(7)} us/command`,
    line('port -> server, EVAL compare-and-delete', evals, bareEval),
  ];
}
