/**
 * Starts and stops the real Redis servers a conformance replay uses (src/conformance/redis-*.ts).
 *
 * Plain schedules share one redis-server, one logical database each (16, so up to 16 replays at
 * once); a schedule that crashes, fails over or fills its memory gets a process of its own, and
 * a failover a replica process besides. Every process runs on a free loopback port, in a
 * throw-away directory, its configuration on the command line; `close` stops them all and
 * deletes the directories, and the caller calls it in a `finally`, so an error leaves nothing
 * running. With `url` (a server the user runs), every replay goes to that server's database, one
 * at a time, and nothing is started: crashes, failovers and eviction are then left out by the
 * replay's `uncontrolled-server` rule, since only a process the harness runs can be killed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type {
  RealRedis,
  RealRedisConfig,
  RedisEndpoint,
  RedisServers,
} from '../../conformance/redis-servers.js';
import { RunningRedis } from './redis-process.js';

/** Logical databases of the shared server (Redis's default). */
const SHARED_DATABASES = 16;

export interface RedisHarnessOptions {
  /** Loopback ports to use, inclusive; default: ports the OS hands out. */
  readonly ports?: { readonly from: number; readonly to: number };
  /** A server the user runs (`redis://host:port/db`); its database must be empty. Default: none. */
  readonly url?: string;
  /** The redis-server binary. Default 'redis-server'. */
  readonly binary?: string;
}

export interface RedisHarness extends RedisServers {
  /** Stops every process started and deletes their directories. */
  close(): Promise<void>;
}

export function startRedisHarness(options: RedisHarnessOptions = {}): RedisHarness {
  return options.url === undefined ? new LocalHarness(options) : new UserServerHarness(options.url);
}

/** Directives for a configuration; `save ""` always: RDB snapshots happen when the replay says SAVE. */
function directivesFor(config: RealRedisConfig): Array<[string, string]> {
  const aof = config.persistence === 'aof-everysec';
  return [
    ['save', ''],
    ['appendonly', aof ? 'yes' : 'no'],
    ['appendfsync', 'everysec'],
    ['maxmemory-policy', config.maxMemoryPolicy],
    ['databases', String(SHARED_DATABASES)],
    ['notify-keyspace-events', 'Ee'],
    // A replica starts syncing at once (the default waits 5 s for more replicas to join).
    ['repl-diskless-sync-delay', '0'],
    ['logfile', ''],
  ];
}

class LocalHarness implements RedisHarness {
  private readonly processes = new Set<RunningRedis>();
  private readonly dirs: string[] = [];
  private nextPort: number;
  private shared: Promise<RunningRedis> | undefined;
  private readonly freeDbs: number[] = [];
  private readonly waiting: Array<(db: number) => void> = [];

  constructor(private readonly options: RedisHarnessOptions) {
    this.nextPort = options.ports?.from ?? 0;
    for (let db = 0; db < SHARED_DATABASES; db++) this.freeDbs.push(db);
  }

  async acquire(config: RealRedisConfig, dedicated: boolean): Promise<RealRedis> {
    if (dedicated || config.persistence !== 'none' || config.maxMemoryPolicy !== 'noeviction')
      return this.dedicated(config, []);
    this.shared ??= this.start(directivesFor(config));
    const server = await this.shared;
    const db = await this.takeDb();
    const endpoint: RedisEndpoint = { host: '127.0.0.1', port: server.port, db };
    return {
      endpoint,
      process: null,
      release: async () => {
        await flushDb(endpoint);
        this.giveDb(db);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.processes].map((running) => running.kill()));
    this.processes.clear();
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    this.dirs.length = 0;
  }

  private async dedicated(config: RealRedisConfig, extra: Array<[string, string]>): Promise<RealRedis> {
    const running = await this.start([...directivesFor(config), ...extra]);
    return {
      endpoint: { host: '127.0.0.1', port: running.port, db: 0 },
      process: {
        kill: () => running.kill(),
        restart: () => running.restart(),
        startReplica: () => this.replicaOf(running, config),
      },
      release: async () => {
        await running.kill();
        this.processes.delete(running);
      },
    };
  }

  private async replicaOf(primary: RunningRedis, config: RealRedisConfig): Promise<RealRedis> {
    const replica = await this.dedicated(config, [['replicaof', `127.0.0.1 ${primary.port}`]]);
    await waitForSync(replica.endpoint);
    return replica;
  }

  private async start(directives: Array<[string, string]>): Promise<RunningRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'idemsim-redis-'));
    this.dirs.push(dir);
    const port = await this.freePort();
    const running = await RunningRedis.start({
      port,
      dir,
      directives,
      ...(this.options.binary === undefined ? {} : { binary: this.options.binary }),
    });
    this.processes.add(running);
    return running;
  }

  private async freePort(): Promise<number> {
    const range = this.options.ports;
    if (range === undefined) return listenable(0);
    while (this.nextPort <= range.to) {
      const port = this.nextPort++;
      if ((await listenable(port)) === port) return port;
    }
    throw new Error(`no free loopback port left in ${range.from}-${range.to}`);
  }

  private takeDb(): Promise<number> {
    const db = this.freeDbs.shift();
    if (db !== undefined) return Promise.resolve(db);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private giveDb(db: number): void {
    const next = this.waiting.shift();
    if (next === undefined) this.freeDbs.push(db);
    else next(db);
  }
}

/** A server the user runs: one replay at a time on its database, which must start empty. */
class UserServerHarness implements RedisHarness {
  private readonly endpoint: RedisEndpoint;
  private queue: Promise<void> = Promise.resolve();

  constructor(url: string) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'redis:') throw new Error(`--redis: expected redis://host:port/db, got ${url}`);
    const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
    if (!Number.isInteger(db) || db < 0)
      throw new Error(`--redis: "${parsed.pathname}" is not a database number`);
    this.endpoint = { host: parsed.hostname, port: Number(parsed.port || 6379), db };
  }

  acquire(): Promise<RealRedis> {
    const previous = this.queue;
    let done = (): void => {};
    this.queue = new Promise((resolve) => {
      done = resolve;
    });
    return previous.then(async () => {
      const size = await withClient(this.endpoint, (client) => client.dbsize());
      if (size !== 0) {
        done();
        throw new Error(
          `--redis: database ${this.endpoint.db} on ${this.endpoint.host}:${this.endpoint.port} holds ${size} keys; a replay needs an empty one`,
        );
      }
      return {
        endpoint: this.endpoint,
        process: null,
        release: async () => {
          await flushDb(this.endpoint);
          done();
        },
      };
    });
  }

  async close(): Promise<void> {}
}

async function withClient<T>(endpoint: RedisEndpoint, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: endpoint.host, port: endpoint.port, db: endpoint.db, lazyConnect: true });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function flushDb(endpoint: RedisEndpoint): Promise<unknown> {
  return withClient(endpoint, (client) => client.flushdb());
}

/** Waits until a replica reports its link up and its initial sync done. */
async function waitForSync(endpoint: RedisEndpoint): Promise<void> {
  await withClient(endpoint, async (client) => {
    for (let tries = 0; tries < 1000; tries++) {
      const info = await client.info('replication');
      if (/master_link_status:up/.test(info) && /master_sync_in_progress:0/.test(info)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`replica on port ${endpoint.port} never synced`);
  });
}

/** The port if a listener can bind it on loopback (0: the port the OS chose), else -1. */
function listenable(port: number): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(-1));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : -1;
      server.close(() => resolve(bound));
    });
  });
}
