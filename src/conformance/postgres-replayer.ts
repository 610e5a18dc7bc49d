/**
 * PostgreSQL's replayer for `idemsim conform`. It makes one database of its own on the server
 * the URL names (connected to as a role that may CREATE DATABASE), gives every schedule a fresh
 * one by emptying it (DROP SCHEMA public CASCADE, then the schedule's setup), and drops it at
 * `close`, whatever happened.
 *
 * Fresh by emptying, not by CREATE DATABASE per schedule: on this machine CREATE DATABASE takes
 * 1.0-1.7 s and a new connection about 0.2 s, against milliseconds for emptying the schema and
 * reusing the idle connections, and nothing a schedule does survives the schema (tables,
 * sequences, indexes, rows) except session settings, which RESET ALL clears on each idle one. Connections a schedule left inside a transaction are destroyed, and
 * their backends gone, before the next one starts.
 */
import type { PgSchedule } from '../components/postgres/schedule-format.js';
import type { Outcome } from '../experiment/run-experiment.js';
import type { ScheduleConformance, ScheduleOrigin } from './conformance-report.js';
import { RealConnections, runReal, type RealConnection } from './postgres-connections.js';
import { PgReplay, type PgReplayOptions } from './postgres-replay.js';
import type { ReplayServer, StoreReplayer } from './store-replayer.js';
import type { WallClock } from './wall-clock.js';

/** Databases made by this process so far: names stay unique within it. */
let databasesMade = 0;

interface ReplayDatabase {
  readonly url: string;
  readonly name: string;
  readonly connections: RealConnections;
  readonly monitor: RealConnection;
}

export function postgresReplayer(clock: WallClock, options: PgReplayOptions = {}): StoreReplayer<PgSchedule> {
  const databases = new Map<string, ReplayDatabase>();
  return {
    store: 'postgres',
    schedulesOf: (outcome: Outcome) => outcome.storeSchedules?.postgres ?? [],
    async replay(schedule, server, origin) {
      let database = databases.get(server.url);
      if (database === undefined) {
        database = await createDatabase(server, clock);
        databases.set(server.url, database);
      }
      return replayOn(database, schedule, origin, clock, options);
    },
    async close() {
      for (const [url, database] of databases) await dropDatabase(url, database, clock);
      databases.clear();
    },
  };
}

async function replayOn(
  database: ReplayDatabase,
  schedule: PgSchedule,
  origin: ScheduleOrigin,
  clock: WallClock,
  options: PgReplayOptions,
): Promise<ScheduleConformance> {
  const { connections, monitor } = database;
  await empty(database, clock);
  for (const sql of schedule.setup) await monitor.client.query(sql);
  try {
    return await new PgReplay(schedule, connections, monitor, clock, options).run(origin);
  } finally {
    connections.destroyBusy();
  }
}

/** Waits until only idle pooled connections and the monitor are left, then empties the schema. */
async function empty(database: ReplayDatabase, clock: WallClock): Promise<void> {
  const { connections, monitor, name } = database;
  const keep = [...connections.idlePids(), monitor.pid];
  for (let tries = 0; tries < 1000; tries++) {
    const others = await runReal(
      monitor,
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND NOT (pid = ANY($2::int[]))',
      [name, keep],
    );
    if (!others.ok || others.rows.length === 0) break;
    await runReal(
      monitor,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND NOT (pid = ANY($2::int[]))',
      [name, keep],
    );
    await clock.sleep(10);
  }
  await monitor.client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  // A session's SET (statement_timeout, lock_timeout) stays on its connection, as in a pool; the
  // next schedule's sessions are new ones, with the defaults.
  await connections.resetIdle();
}

async function createDatabase(server: ReplayServer, clock: WallClock): Promise<ReplayDatabase> {
  databasesMade++;
  const name = `idemsim_conform_${process.pid}_${databasesMade}`;
  await onAdmin(server.url, `CREATE DATABASE ${name}`, clock);
  const url = databaseUrl(server.url, name);
  const connections = new RealConnections(url, clock);
  const monitor = await new RealConnections(url, clock).take();
  return { url, name, connections, monitor };
}

async function dropDatabase(serverUrl: string, database: ReplayDatabase, clock: WallClock): Promise<void> {
  await database.connections.closeAll();
  await database.monitor.client.end().catch(() => {});
  await onAdmin(serverUrl, `DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`, clock);
}

async function onAdmin(url: string, sql: string, clock: WallClock): Promise<void> {
  const admin = new RealConnections(url, clock);
  const connection = await admin.take();
  try {
    await connection.client.query(sql);
  } finally {
    await admin.closeAll();
  }
}

/** The same server and credentials, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
