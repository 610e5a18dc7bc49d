/**
 * SerializableConflicts finds its rw-edges through an index of each transaction's footprints; it
 * must give exactly the answers of comparing every read with every write, as it did before the
 * index (the reference below is that scan, kept here as the specification).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenTransaction } from '../../../src/components/postgres/open-transaction.js';
import { SerializableConflicts } from '../../../src/components/postgres/serializable-conflicts.js';
import { ssiRow } from '../../../src/components/postgres/ssi-footprint.js';

const SEED = 20260514;

interface ScanRecord {
  readonly snapshotSeq: number;
  commitSeq: number | undefined;
  readonly reads: Set<string>;
  readonly writes: Set<string>;
}

/** The scan the index replaced: every read against every write, no pruning at all. */
class ScanConflicts {
  private seq = 0;
  private readonly records = new Map<number, ScanRecord>();

  begin(tx: number): void {
    this.records.set(tx, {
      snapshotSeq: ++this.seq,
      commitSeq: undefined,
      reads: new Set(),
      writes: new Set(),
    });
  }

  note(tx: number, reads: readonly string[], writes: readonly string[]): void {
    const record = this.records.get(tx);
    for (const read of reads) record?.reads.add(read);
    for (const written of writes) record?.writes.add(written);
  }

  mustFail(tx: number): boolean {
    const self = this.records.get(tx);
    if (self === undefined) return false;
    const others = [...this.records.values()].filter((other) => other !== self);
    const committedOuts = others.filter((other) => edge(self, other) && other.commitSeq !== undefined);
    const pivot = committedOuts.length > 0 && others.some((other) => edge(other, self));
    const behindPivot = committedOuts.some((p) =>
      others.some(
        (o) => o !== p && o.commitSeq !== undefined && o.commitSeq < (p.commitSeq ?? 0) && edge(p, o),
      ),
    );
    return pivot || behindPivot;
  }

  end(tx: number, outcome: 'commit' | 'rollback'): void {
    const record = this.records.get(tx);
    if (record === undefined) return;
    if (outcome === 'rollback') this.records.delete(tx);
    else record.commitSeq = ++this.seq;
  }
}

function edge(a: ScanRecord, b: ScanRecord): boolean {
  const concurrent =
    (b.commitSeq === undefined || b.commitSeq > a.snapshotSeq) &&
    (a.commitSeq === undefined || a.commitSeq > b.snapshotSeq);
  if (!concurrent) return false;
  for (const read of a.reads) for (const written of b.writes) if (overlap(read, written)) return true;
  return false;
}

function overlap(read: string, written: string): boolean {
  if (read === written) return true;
  const readTable = tableOf(read);
  const writtenTable = tableOf(written);
  return readTable === writtenTable && (readTable === read || writtenTable === written);
}

function tableOf(name: string): string {
  const split = name.indexOf('\u0000');
  return split < 0 ? name : name.slice(0, split);
}

/** Whole tables and rows of two tables, few enough that transactions often meet. */
const names = fc.constantFrom(
  'keys',
  'payments',
  ssiRow('keys', ['a']),
  ssiRow('keys', ['b']),
  ssiRow('keys', ['c']),
  ssiRow('payments', ['a']),
  ssiRow('payments', ['a', 1]),
);

type Step =
  | { readonly kind: 'begin' }
  | { readonly kind: 'note'; readonly tx: number; readonly reads: string[]; readonly writes: string[] }
  | { readonly kind: 'commit'; readonly tx: number }
  | { readonly kind: 'rollback'; readonly tx: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'begin' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('note' as const),
      tx: fc.nat(7),
      reads: fc.array(names, { maxLength: 3 }),
      writes: fc.array(names, { maxLength: 2 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('commit' as const), tx: fc.nat(7) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('rollback' as const), tx: fc.nat(7) }), weight: 1 },
);

/** Runs the steps on both (an index names one of the transactions begun so far) and lists each commit's verdict. */
function verdicts(steps: readonly Step[]): { indexed: boolean[]; scanned: boolean[] } {
  const indexed = new SerializableConflicts();
  const scanned = new ScanConflicts();
  const open: Array<{ readonly id: number; readonly tx: OpenTransaction }> = [];
  const out = { indexed: [] as boolean[], scanned: [] as boolean[] };
  let next = 0;
  for (const s of steps) {
    if (s.kind === 'begin') {
      const entry = { id: next++, tx: new OpenTransaction(`s${next}`, 'client', 0) };
      open.push(entry);
      indexed.begin(entry.tx);
      scanned.begin(entry.id);
      continue;
    }
    const at = s.tx % Math.max(open.length, 1);
    const entry = open[at];
    if (entry === undefined) continue;
    if (s.kind === 'note') {
      indexed.note(entry.tx, { reads: s.reads, writes: s.writes });
      scanned.note(entry.id, s.reads, s.writes);
      continue;
    }
    open.splice(at, 1);
    if (s.kind === 'rollback') {
      indexed.end(entry.tx, 'rollback');
      scanned.end(entry.id, 'rollback');
      continue;
    }
    const failed = indexed.checkCommit(entry.tx) !== undefined;
    out.indexed.push(failed);
    out.scanned.push(scanned.mustFail(entry.id));
    indexed.end(entry.tx, failed ? 'rollback' : 'commit');
    scanned.end(entry.id, failed ? 'rollback' : 'commit');
  }
  return out;
}

describe('SerializableConflicts', () => {
  it('fails exactly the commits that comparing every read with every write (and keeping every record) fails', () => {
    let failures = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), (steps) => {
        const { indexed, scanned } = verdicts(steps);
        expect(indexed).toEqual(scanned);
        failures += indexed.filter(Boolean).length;
      }),
      { seed: SEED, numRuns: 400 },
    );
    // The cases exercise both answers, or the comparison proves little.
    expect(failures).toBeGreaterThan(50);
  });

  it('fails a pivot whose out-transaction committed first (write skew on two rows)', () => {
    const [a, b] = [new OpenTransaction('a', 'c', 0), new OpenTransaction('b', 'c', 0)];
    const ssi = new SerializableConflicts();
    ssi.begin(a);
    ssi.begin(b);
    ssi.note(a, { reads: [ssiRow('t', [1])], writes: [ssiRow('t', [2])] });
    ssi.note(b, { reads: [ssiRow('t', [2])], writes: [ssiRow('t', [1])] });
    expect(ssi.checkCommit(a)).toBeUndefined();
    ssi.end(a, 'commit');
    expect(ssi.checkCommit(b)?.code).toBe('40001');
  });

  it('lets through transactions that touched different rows, and a whole-table read meets any row written', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((id) => new OpenTransaction(id, 'c', 0)) as [
      OpenTransaction,
      OpenTransaction,
      OpenTransaction,
    ];
    const ssi = new SerializableConflicts();
    for (const tx of [a, b, c]) ssi.begin(tx);
    ssi.note(a, { reads: [ssiRow('t', [1])], writes: [ssiRow('t', [1])] });
    ssi.note(b, { reads: [ssiRow('t', [2])], writes: [ssiRow('t', [2])] });
    ssi.note(c, { reads: ['t'], writes: [ssiRow('u', [1])] });
    expect(ssi.checkCommit(a)).toBeUndefined();
    ssi.end(a, 'commit');
    expect(ssi.checkCommit(b)).toBeUndefined();
    ssi.end(b, 'commit');
    // c read the whole of t, which a and b wrote after its snapshot: an out-edge to committed
    // transactions, but nobody read what c wrote, so it is no pivot.
    expect(ssi.checkCommit(c)).toBeUndefined();
  });
});
