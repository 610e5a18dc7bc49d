/**
 * What the real PostgreSQL says about its waiting backends, read on the replay's own monitor
 * connection: who blocks a backend (pg_blocking_pids), and which lock it waits on (pg_locks).
 */
import type { WaitLock } from '../components/postgres/row-lock-attempt.js';
import { runReal, type RealConnection } from './postgres-connections.js';
import { lockName } from './postgres-wait-names.js';

const BLOCKING_SQL = 'SELECT pg_blocking_pids($1) AS pids';
const WAIT_LOCKS_SQL =
  "SELECT locktype, mode FROM pg_locks WHERE pid = $1 AND (locktype = 'tuple' OR (locktype = 'transactionid' AND NOT granted))";

/** The heavyweight tuple lock PostgreSQL takes for each row-lock mode while it waits (heapam.c's tupleLockExtraInfo). */
const TUPLE_LOCK_MODES: Readonly<Record<string, WaitLock>> = {
  AccessShareLock: 'key share',
  RowShareLock: 'share',
  ExclusiveLock: 'no key update',
  AccessExclusiveLock: 'update',
};

export class RealBackends {
  constructor(private readonly monitor: RealConnection) {}

  /** The backends `connection`'s backend waits for; none for a statement never sent. */
  async blockersOf(connection: RealConnection | undefined): Promise<number[]> {
    if (connection === undefined) return [];
    return this.blockersOfPid(connection.pid);
  }

  /**
   * Whether one of `blockers` is itself waiting for `holder`: PostgreSQL queues a row lock's later
   * waiters behind the first one, which holds the tuple lock while it waits for the holder's
   * transaction, so pg_blocking_pids() names that first waiter rather than the holder.
   */
  async queuedBehind(blockers: readonly number[], holder: number): Promise<boolean> {
    for (const pid of blockers) if ((await this.blockersOfPid(pid)).includes(holder)) return true;
    return false;
  }

  /**
   * What the backend waits on, from pg_locks: a row lock's waiter holds or wants the tuple lock
   * of its mode while it waits for the holder's transaction; a unique-key waiter waits for the
   * transaction alone. Empty when it cannot tell.
   */
  async waitOf(connection: RealConnection | undefined): Promise<string> {
    if (connection === undefined) return '';
    const locks = await runReal(this.monitor, WAIT_LOCKS_SQL, [connection.pid]);
    if (!locks.ok) return '';
    const tuple = locks.rows.find((row) => row['locktype'] === 'tuple');
    const mode = TUPLE_LOCK_MODES[String(tuple?.['mode'])];
    if (mode !== undefined) return ` on ${lockName(mode)}`;
    if (locks.rows.some((row) => row['locktype'] === 'transactionid'))
      return ' on a transaction id (no row lock: a unique key)';
    return '';
  }

  private async blockersOfPid(pid: number): Promise<number[]> {
    const result = await runReal(this.monitor, BLOCKING_SQL, [pid]);
    const row = result.ok ? result.rows[0] : undefined;
    return (row?.['pids'] as number[] | undefined) ?? [];
  }
}
