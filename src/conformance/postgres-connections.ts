/**
 * Real connections to the replay's throw-away database: one per simulated session, taken from a
 * free list when a session begins and handed back when it ends (as a pool reuses connections),
 * plus one for watching locks and reading tables. Each knows its backend's pid, which is how
 * pg_blocking_pids() names it.
 */
import type { WallClock } from './wall-clock.js';
import pg from 'pg';
import type { RealPgAnswer } from './postgres-answer.js';

export interface RealConnection {
  readonly client: pg.Client;
  /** The backend process serving it (pg_backend_pid()). */
  readonly pid: number;
  /** Its socket was destroyed or its backend terminated: no more statements on it. */
  dead: boolean;
}

export class RealConnections {
  private readonly free: RealConnection[] = [];
  private readonly all: RealConnection[] = [];

  constructor(
    private readonly url: string,
    private readonly clock: WallClock,
  ) {}

  /** A connection no session is using: an idle one, or a new one. */
  async take(): Promise<RealConnection> {
    const idle = this.free.pop();
    if (idle !== undefined) return idle;
    const client = new pg.Client({ connectionString: this.url });
    // A destroyed socket makes the client emit 'error'; the replay knows, and must not crash.
    client.on('error', () => {});
    await client.connect();
    const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const connection: RealConnection = { client, pid: (result.rows[0] as { pid: number }).pid, dead: false };
    this.all.push(connection);
    return connection;
  }

  /** The session using it ended cleanly: another may use it. */
  giveBack(connection: RealConnection): void {
    if (!connection.dead) this.free.push(connection);
  }

  /** Clears the session settings (SET ...) of every idle connection. */
  async resetIdle(): Promise<void> {
    for (const connection of this.free) await runReal(connection, 'RESET ALL', []);
  }

  /** Backends of the connections no session uses. */
  idlePids(): number[] {
    return this.free.map((connection) => connection.pid);
  }

  /** Destroys every connection still in use (a schedule ended with it mid-transaction or waiting). */
  destroyBusy(): void {
    for (const connection of this.all) {
      if (!connection.dead && !this.free.includes(connection)) this.destroy(connection);
    }
    this.all.splice(0, this.all.length, ...this.all.filter((connection) => !connection.dead));
  }

  /** A crashed client: its socket closes under the server, mid-transaction. */
  destroy(connection: RealConnection): void {
    connection.dead = true;
    const stream = (connection.client as unknown as { connection: { stream: { destroy(): void } } })
      .connection.stream;
    stream.destroy();
  }

  /** Closes every connection (destroying those still busy). */
  async closeAll(): Promise<void> {
    await Promise.all(
      this.all.map(async (connection) => {
        if (connection.dead) return;
        connection.dead = true;
        await Promise.race([connection.client.end().catch(() => {}), this.clock.sleep(1000)]);
        this.destroy(connection);
      }),
    );
  }
}

/** Runs one statement, answer or error as data; a dropped connection is SQLSTATE 08006. */
export async function runReal(
  connection: RealConnection,
  sql: string,
  params: readonly unknown[],
): Promise<RealPgAnswer> {
  try {
    const result = await connection.client.query({ text: sql, values: [...params] });
    return {
      ok: true,
      rows: result.rows as Array<Record<string, unknown>>,
      rowCount: result.rowCount,
      command: result.command,
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '08006' };
  }
}
