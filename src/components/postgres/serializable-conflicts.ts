/**
 * SERIALIZABLE's extra failures: a conservative stand-in for PostgreSQL's Serializable Snapshot
 * Isolation (SSI).
 *
 * PostgreSQL aborts a serializable transaction with 40001 when it finds a "dangerous structure":
 * T_in -rw-> T_pivot -rw-> T_out among concurrent serializable transactions, T_out committed first,
 * where A -rw-> B means A read something B wrote (B's write was invisible to A's snapshot). It
 * tracks reads as predicate locks on rows, index pages and, for a sequential scan, whole tables.
 * The model tracks a read of one row by its whole key as that row (and the gap where an INSERT of
 * that key would go), and any other read as the whole table, which is what PostgreSQL does for a
 * sequential scan, and coarser than PostgreSQL for a range read through an index (ssi-footprint.ts).
 * It is not coarser everywhere: PostgreSQL's predicate lock for a read by one key (or the probe of
 * an INSERT ... ON CONFLICT) covers the index page, which in a small table holds every key, so the
 * real server sees edges between neighbouring keys that the model does not. `idemsim conform`
 * found this on recovery-point's phases and counts it under its `ssi-page-granularity` rule: there
 * the real server aborts (and a strategy retries) where the model commits. It checks at COMMIT only, and fails the
 * committing transaction if:
 * - it is a pivot (some concurrent serializable transaction read what it wrote, and it read what
 *   a concurrent serializable transaction wrote) and that second one has already committed; or
 * - it read what a committed concurrent transaction P wrote, and P read what another transaction
 *   wrote that committed before P.
 * So it aborts in most cases SSI would (and PostgreSQL may abort earlier, at a statement, where
 * the model waits for COMMIT: conform's `ssi-abort-earlier`), and also in cases SSI would let through (a larger table, rows that
 * never meet, T_in committing before T_out, read-only optimisations).
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';
import type { OpenTransaction } from './open-transaction.js';

interface Record_ {
  readonly snapshotSeq: number;
  commitSeq: number | undefined;
  readonly reads: Footprints;
  readonly writes: Footprints;
}

/**
 * What a transaction read (or wrote), indexed so that two of them meet without comparing every
 * read with every write: a read and a write meet when they are the same name, or of the same
 * table where either one is the whole table.
 */
class Footprints {
  /** Every name: whole tables and rows. */
  readonly names = new Set<string>();
  /** The names that are whole tables. */
  readonly wholeTables = new Set<string>();
  /** The table of every name. */
  readonly tables = new Set<string>();

  add(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    const table = tableOf(name);
    this.tables.add(table);
    if (table === name) this.wholeTables.add(name);
  }

  /** Whether some read here meets some write in `writes`. */
  meets(writes: Footprints): boolean {
    return (
      sharesAny(this.names, writes.names) ||
      sharesAny(this.wholeTables, writes.tables) ||
      sharesAny(writes.wholeTables, this.tables)
    );
  }
}

function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) return true;
  return false;
}

export class SerializableConflicts {
  private seq = 0;
  private readonly records = new Map<OpenTransaction, Record_>();

  /** A serializable transaction took its snapshot. */
  begin(tx: OpenTransaction): void {
    this.records.set(tx, {
      snapshotSeq: ++this.seq,
      commitSeq: undefined,
      reads: new Footprints(),
      writes: new Footprints(),
    });
  }

  /** What a statement of `tx` read and wrote: tables, or rows (ssi-footprint.ts). */
  note(
    tx: OpenTransaction,
    footprint: { readonly reads: readonly string[]; readonly writes: readonly string[] },
  ): void {
    const record = this.records.get(tx);
    if (record === undefined) return;
    for (const read of footprint.reads) record.reads.add(read);
    for (const written of footprint.writes) record.writes.add(written);
  }

  /** The 40001 that committing `tx` now must fail with; undefined if it may commit. */
  checkCommit(tx: OpenTransaction): DatabaseError | undefined {
    const self = this.records.get(tx);
    if (self === undefined) return undefined;
    const others = [...this.records.values()].filter((other) => other !== self);
    const outs = others.filter((other) => this.edge(self, other));
    const committedOuts = outs.filter((other) => other.commitSeq !== undefined);
    const pivot = committedOuts.length > 0 && others.some((other) => this.edge(other, self));
    const behindPivot = committedOuts.some((p) =>
      others.some(
        (o) => o !== p && o.commitSeq !== undefined && o.commitSeq < (p.commitSeq ?? 0) && this.edge(p, o),
      ),
    );
    if (!pivot && !behindPivot) return undefined;
    return new DatabaseError(
      SQLSTATE.serializationFailure,
      'could not serialize access due to read/write dependencies among transactions',
    );
  }

  /** `tx` ended: a commit keeps its record while a concurrent one may still need it. */
  end(tx: OpenTransaction, outcome: 'commit' | 'rollback'): void {
    const record = this.records.get(tx);
    if (record === undefined) return;
    if (outcome === 'rollback') this.records.delete(tx);
    else record.commitSeq = ++this.seq;
    this.prune();
  }

  /** Committed records no open transaction can reach, even through a committed one, go. */
  private prune(): void {
    let oldestOpen = Number.POSITIVE_INFINITY;
    for (const record of this.records.values())
      if (record.commitSeq === undefined) oldestOpen = Math.min(oldestOpen, record.snapshotSeq);
    if (oldestOpen === Number.POSITIVE_INFINITY) {
      this.records.clear();
      return;
    }
    let keepFrom = oldestOpen;
    for (const record of this.records.values())
      if ((record.commitSeq ?? Number.POSITIVE_INFINITY) > oldestOpen)
        keepFrom = Math.min(keepFrom, record.snapshotSeq);
    for (const [tx, record] of this.records) {
      if (record.commitSeq !== undefined && record.commitSeq < keepFrom) this.records.delete(tx);
    }
  }

  /** a -rw-> b: concurrent, and a read a table or row b wrote. */
  private edge(a: Record_, b: Record_): boolean {
    const concurrent =
      (b.commitSeq === undefined || b.commitSeq > a.snapshotSeq) &&
      (a.commitSeq === undefined || a.commitSeq > b.snapshotSeq);
    return concurrent && a.reads.meets(b.writes);
  }
}

function tableOf(name: string): string {
  const split = name.indexOf('\u0000');
  return split < 0 ? name : name.slice(0, split);
}

/** The tables a statement reads (FROM, subqueries, an UPDATE's or DELETE's target, an upsert's target). */
export function tablesRead(ast: unknown): Set<string> {
  const tables = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'table') addName(tables, record['name']);
    if (record['type'] === 'update') addName(tables, record['table']);
    if (record['type'] === 'delete') addName(tables, record['from']);
    if (record['type'] === 'insert' && record['onConflict']) addName(tables, record['into']);
    for (const child of Object.values(record)) walk(child);
  };
  walk(ast);
  return tables;
}

function addName(tables: Set<string>, name: unknown): void {
  const value = (name as { name?: unknown } | null)?.name;
  if (typeof value === 'string') tables.add(value);
}
