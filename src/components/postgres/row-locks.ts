/**
 * PostgreSQL's row-level locks: the four strengths, their conflict table, and who holds which row.
 *
 * A row is named by its table and its primary key (or its first unique index), as the model has
 * no stable physical row ids: pg-mem's change when a transaction's writes are applied again. A
 * transaction holds at most one mode per row, its strongest: holding FOR SHARE and FOR NO KEY
 * UPDATE conflicts with exactly what FOR NO KEY UPDATE alone conflicts with, and so on up the
 * ladder. Locks are held until the transaction ends; an autocommit statement's until it ends.
 */
import type { OpenTransaction } from './open-transaction.js';

/** The row lock modes, weakest first, as `SELECT ... FOR <mode>` spells them. */
export type RowLockMode = 'key share' | 'share' | 'no key update' | 'update';

const STRENGTH: Readonly<Record<RowLockMode, number>> = {
  'key share': 0,
  share: 1,
  'no key update': 2,
  update: 3,
};

/** PostgreSQL 15 documentation, table 13.3 "Conflicting Row-Level Locks". */
const CONFLICTS: Readonly<Record<RowLockMode, readonly RowLockMode[]>> = {
  'key share': ['update'],
  share: ['no key update', 'update'],
  'no key update': ['share', 'no key update', 'update'],
  update: ['key share', 'share', 'no key update', 'update'],
};

export function conflicts(held: RowLockMode, wanted: RowLockMode): boolean {
  return CONFLICTS[wanted].includes(held);
}

/** The stronger of two modes. */
export function stronger(a: RowLockMode, b: RowLockMode): RowLockMode {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

/** A row's name in the lock table: its table and the JSON of its key values. */
export function rowName(table: string, key: readonly unknown[]): string {
  return `${table}\u0000${JSON.stringify(key)}`;
}

export class RowLockTable {
  /** Holders of each locked row, in the order they took it. */
  private readonly holders = new Map<string, Map<OpenTransaction, RowLockMode>>();
  /** The rows each transaction holds, to release them at its end. */
  private readonly held = new Map<OpenTransaction, Set<string>>();
  /** How many rows are locked per table: none means no statement on it can wait for a row. */
  private readonly perTable = new Map<string, number>();

  /** The first other transaction whose lock on `row` conflicts with `mode`; undefined if none. */
  blocker(row: string, tx: OpenTransaction, mode: RowLockMode): OpenTransaction | undefined {
    for (const [holder, heldMode] of this.holders.get(row) ?? []) {
      if (holder !== tx && conflicts(heldMode, mode)) return holder;
    }
    return undefined;
  }

  /** Records that `tx` holds `row` in `mode` (or stronger, if it held it stronger already). */
  take(table: string, row: string, tx: OpenTransaction, mode: RowLockMode): void {
    let rowHolders = this.holders.get(row);
    if (rowHolders === undefined) {
      rowHolders = new Map();
      this.holders.set(row, rowHolders);
      this.perTable.set(table, (this.perTable.get(table) ?? 0) + 1);
    }
    const before = rowHolders.get(tx);
    rowHolders.set(tx, before === undefined ? mode : stronger(before, mode));
    let rows = this.held.get(tx);
    if (rows === undefined) {
      rows = new Set();
      this.held.set(tx, rows);
    }
    rows.add(row);
  }

  /** Whether any row of `table` is locked by anyone. */
  anyOn(table: string): boolean {
    return (this.perTable.get(table) ?? 0) > 0;
  }

  /** Rows `tx` holds, in the order it took them (for tests). */
  heldBy(tx: OpenTransaction): string[] {
    return [...(this.held.get(tx) ?? [])];
  }

  /** Releases every lock `tx` holds (its end). */
  release(tx: OpenTransaction): void {
    for (const row of this.held.get(tx) ?? []) {
      const rowHolders = this.holders.get(row);
      rowHolders?.delete(tx);
      if (rowHolders === undefined || rowHolders.size > 0) continue;
      this.holders.delete(row);
      const table = row.slice(0, row.indexOf('\u0000'));
      this.perTable.set(table, (this.perTable.get(table) ?? 1) - 1);
    }
    this.held.delete(tx);
  }
}
