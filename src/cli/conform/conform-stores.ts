/**
 * The stores `idemsim conform` can check, each with its replayer and how to get a real server:
 * the one the user named (`--pg URL`, `--redis URL`), or throw-away ones started here.
 */
import pg from 'pg';
import type { ConformStore } from '../../conformance/conformance-report.js';
import { postgresReplayer } from '../../conformance/postgres-replayer.js';
import type { ReplayServer, StoreReplayer } from '../../conformance/store-replayer.js';
import { UsageError } from '../cli-io.js';
import { redisReplayer } from '../../conformance/redis-replayer.js';
import { startCluster } from './postgres-cluster.js';
import { startRedisHarness } from './redis-harness.js';
import { systemWallClock } from './system-wall-clock.js';

/** A real server ready for replays; `stop` undoes whatever starting it did (nothing for the user's own). */
export interface RunningServer {
  readonly server: ReplayServer;
  stop(): Promise<void>;
}

export interface ConformStoreEntry {
  readonly store: ConformStore;
  /** The option that names the user's own server ("--pg"). */
  readonly option: string;
  readonly replayer: () => StoreReplayer;
  /** The user's server at `url` (checked to answer), or a throw-away one; a UsageError says why not. */
  serve(url: string | undefined): Promise<RunningServer>;
}

const postgresEntry: ConformStoreEntry = {
  store: 'postgres',
  option: '--pg',
  replayer: () => postgresReplayer(systemWallClock) as StoreReplayer,
  async serve(url) {
    if (url !== undefined) {
      await reachPostgres(url);
      return { server: { url }, stop: async () => {} };
    }
    try {
      const cluster = await startCluster();
      return { server: { url: cluster.url }, stop: () => cluster.stop() };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UsageError(
        `could not start a throw-away PostgreSQL 15: ${why}; or point --pg at a running server`,
      );
    }
  },
};

/**
 * Redis: with `--redis URL` plain schedules go to the user's (empty) database and crashes,
 * failovers and evictions are left out by the `uncontrolled-server` rule; otherwise redis-server
 * processes are started as each schedule needs them, on loopback ports the OS hands out.
 */
const redisEntry: ConformStoreEntry = {
  store: 'redis',
  option: '--redis',
  replayer: () => redisReplayer(systemWallClock) as StoreReplayer,
  async serve(url) {
    const harness = startRedisHarness(url === undefined ? {} : { url });
    return {
      server: { url: url ?? 'redis://127.0.0.1 (throw-away servers)', redisServers: harness },
      stop: () => harness.close(),
    };
  },
};

export const CONFORM_STORES: readonly ConformStoreEntry[] = [postgresEntry, redisEntry];

async function reachPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `cannot reach PostgreSQL at --pg ${url}: ${why}; start it, fix the URL (a user allowed to CREATE DATABASE), or leave --pg out to start a throw-away one`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
