/**
 * A throw-away PostgreSQL 15 for `idemsim conform`, started the way a Debian user would: initdb
 * into a temporary directory, then the server on a free loopback port (listen_addresses =
 * 127.0.0.1, its unix socket in the same directory), trust authentication, durability off (the
 * data is thrown away). As root it runs as the `postgres` user, since PostgreSQL refuses root:
 * the programs are spawned with that user's uid and gid (what runuser does, but without a
 * runuser in between, which would take the shutdown signal for itself). `stop` shuts it down
 * (fast shutdown) and deletes the directory; `idemsim conform` calls it on success, error and
 * Ctrl-C alike.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's postgresql-15 package puts the server's programs. */
export const PG_BIN_DIR = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** Connects as the superuser `postgres` to the `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Loopback port to listen on (default: one the OS says is free). */
  readonly port?: number;
  /** Directory of initdb and postgres (default PG_BIN_DIR). */
  readonly binDir?: string;
}

/** Why a throw-away PostgreSQL cannot start here, or undefined if it can. */
export function clusterUnavailable(binDir = PG_BIN_DIR): string | undefined {
  if (!existsSync(join(binDir, 'initdb')))
    return `no PostgreSQL 15 at ${binDir}: install it (apt-get install postgresql-15) or pass --pg URL`;
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, and there is no `postgres` user to run PostgreSQL as: pass --pg URL';
  return undefined;
}

export async function startCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? PG_BIN_DIR;
  const unavailable = clusterUnavailable(binDir);
  if (unavailable !== undefined) throw new Error(unavailable);
  const dir = mkdtempSync(join(tmpdir(), 'idemsim-pg-'));
  let server: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (server !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGINT'); // fast shutdown: rolls back open transactions, no waiting for clients
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (isRoot()) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    const data = join(dir, 'data');
    const initArgs = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'];
    const init = spawnSync(join(binDir, 'initdb'), initArgs, { ...asPostgres(dir), encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${lastLine(init.stderr)}`);
    const port = options.port ?? (await freePort());
    const settings = [
      `port=${port}`,
      'listen_addresses=127.0.0.1',
      `unix_socket_directories=${dir}`,
      'fsync=off',
      'synchronous_commit=off',
      'full_page_writes=off',
      'max_connections=200',
    ].flatMap((setting) => ['-c', setting]);
    const started = spawn(join(binDir, 'postgres'), ['-D', data, ...settings], {
      ...asPostgres(dir),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = started;
    let log = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-2000);
    });
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    await untilAccepting(url, started, () => log);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls until the server accepts a connection (a few seconds at most), or it exits. */
async function untilAccepting(url: string, server: ChildProcess, log: () => string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (server.exitCode !== null) throw new Error(`postgres exited: ${lastLine(log())}`);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`postgres did not accept connections within 15 s: ${lastLine(log())}`);
}

/** As root: run as the postgres user, from a directory it may enter. */
function asPostgres(dir: string): { cwd: string; uid?: number; gid?: number } {
  return isRoot() ? { cwd: dir, uid: uidOf('postgres'), gid: gidOf('postgres') } : { cwd: dir };
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** A loopback port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
