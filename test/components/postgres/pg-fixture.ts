/**
 * A small world for the PostgreSQL tests: a database node `db`, client nodes `a` and `b`, 1 ms
 * links, and a log that interleaves what the clients say with what the server traced, in
 * virtual time.
 */
import type { Proc } from '../../../src/engine/effects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { TraceEntry } from '../../../src/engine/trace.js';
import { World } from '../../../src/world/world.js';

// The fixture's own event: what a client says, interleaved with what the server traced.
declare module '../../../src/engine/trace.js' {
  interface TraceEvents {
    'test.say': { readonly text: string };
  }
}
import type { DatabasePort } from '../../../src/components/port/database-port.js';
import { makeDatabasePort } from '../../../src/components/postgres/make-database-port.js';
import {
  PostgresServer,
  type PostgresServerOptions,
} from '../../../src/components/postgres/postgres-server.js';

export const PAYMENTS_SCHEMA = `
  create table payments (
    key text primary key,
    status text not null,
    amount int check (amount > 0),
    created_at timestamptz not null default now()
  )`;

export interface PgFixture {
  readonly sim: Simulation;
  readonly world: World;
  readonly server: PostgresServer;
  /** The port of code running on node `a` or `b`. */
  readonly port: (client: 'a' | 'b') => DatabasePort;
  /** Adds a line to the log at the current virtual time. */
  readonly say: (text: string) => void;
  /** Runs `body` as a process on a client node, starting at `atMs`. */
  readonly start: (client: 'a' | 'b', atMs: number, body: () => Proc<void>) => void;
  /** The log so far: test lines and the server's trace, one line per event. */
  readonly log: () => string[];
}

export function pgFixture(options: PostgresServerOptions = {}, timeoutMs = 1000): PgFixture {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const server = new PostgresServer(world, world.addNode('db'), options);
  server.setup(PAYMENTS_SCHEMA);
  const clients = { a: world.addNode('a'), b: world.addNode('b') };
  return {
    sim,
    world,
    server,
    port: (client) => makeDatabasePort(world, { callerNode: client, serverNode: 'db', timeoutMs }),
    say: (text) => sim.trace.record(sim.now, 'test.say', { text }),
    start: (client, atMs, body) => {
      sim.schedule(atMs, () => {
        clients[client].spawn(body(), `${client}/test`, undefined);
      });
    },
    log: () => sim.trace.all.map(describe).filter((line): line is string => line !== undefined),
  };
}

function describe(entry: TraceEntry): string | undefined {
  const who = entry['session'] ?? `${String(entry['client'])} autocommit`;
  switch (entry.type) {
    case 'test.say':
      return `${entry.t} ${String(entry['text'])}`;
    case 'node.crash':
    case 'node.restart':
    case 'node.pause':
    case 'node.resume':
      return `${entry.t} ${entry.type} ${String(entry['node'])}`;
    case 'pg.begin':
      return `${entry.t} ${String(who)} BEGIN`;
    case 'pg.commit':
      return `${entry.t} ${String(who)} COMMIT (${String(entry['writes'])} writes)`;
    case 'pg.rollback':
      return `${entry.t} ${String(who)} ROLLBACK (${String(entry['reason'])}, ${String(entry['writes'])} writes discarded)`;
    case 'pg.wait':
      return `${entry.t} ${String(who)} waits for ${String(entry['on'])}${entry['lock'] === 'unique key' ? '' : ` (${String(entry['lock'])})`}`;
    case 'pg.error':
      return `${entry.t} ${String(who)} error ${String(entry['code'])}`;
    default:
      return undefined;
  }
}

/** "DatabaseError 23505" or the error's name: what a test logs about a caught error. */
export function errorLine(error: unknown): string {
  if (error instanceof Error && 'code' in error)
    return `${error.name} ${String((error as { code: unknown }).code)}`;
  return error instanceof Error ? error.name : String(error);
}
