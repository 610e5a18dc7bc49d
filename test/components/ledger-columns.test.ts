/**
 * The ledger in columns hands back exactly the entries it was given, with charge ids by
 * position, whether a column held one value throughout or changed part way.
 */
import { describe, expect, it } from 'vitest';
import { LedgerColumns } from '../../src/components/ledger-columns.js';
import type { LedgerEntry } from '../../src/components/payment-provider.js';

const charge = (
  intentId: string | null,
  atMs: number,
  more: Partial<Omit<LedgerEntry, 'chargeId'>> = {},
): Omit<LedgerEntry, 'chargeId'> => ({
  intentId,
  amount: 1000,
  currency: 'EUR',
  idempotencyKey: null,
  reference: null,
  atMs,
  ...more,
});

describe('LedgerColumns', () => {
  it('builds the entries it was given, charge ids by position, a value changing part way kept per slot', () => {
    const ledger = new LedgerColumns();
    const given = [
      charge('pay-1', 10.5),
      charge('pay-2', 20),
      charge(null, 30, { idempotencyKey: 'k-3', amount: 1500 }),
      charge('pay-4', 40, { currency: 'USD', reference: 'ref-4' }),
      charge('pay-5', 50),
    ];
    expect(given.map((entry) => ledger.append(entry))).toEqual([0, 1, 2, 3, 4]);
    expect(ledger.length).toBe(5);
    expect(ledger.entries).toEqual(given.map((entry, index) => ({ chargeId: `ch_${index + 1}`, ...entry })));
    expect(Object.keys(ledger.entryAt(0))).toEqual([
      'chargeId',
      'intentId',
      'amount',
      'currency',
      'idempotencyKey',
      'reference',
      'atMs',
    ]);
  });

  it('hands out the same entries until the ledger changes, by a charge or a late attribution', () => {
    const ledger = new LedgerColumns();
    ledger.append(charge(null, 10, { idempotencyKey: 'k-1' }));
    const first = ledger.entries;
    expect(ledger.entries).toBe(first);
    ledger.attribute(0, 'pay-1');
    const attributed = ledger.entries;
    expect(attributed).not.toBe(first);
    expect(attributed.map((entry) => entry.intentId)).toEqual(['pay-1']);
    ledger.append(charge('pay-2', 20));
    expect(ledger.entries.map((entry) => entry.chargeId)).toEqual(['ch_1', 'ch_2']);
    expect(ledger.entries).toHaveLength(2);
  });
});
