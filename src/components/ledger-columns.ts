/**
 * The payment provider's ledger, stored in columns: one slot per charge in each, instead of one
 * entry object per charge. A run of a million payments keeps a million charges; an entry object
 * with its own charge id string and a boxed commit time costs about three times the slots. The
 * charge id is `ch_<position + 1>`, so it is not stored; a column that holds the same value for
 * every charge so far (one currency, no keys, no references) holds it once. The entries are built
 * when read.
 */

/** One charge in the provider's ledger (payment-provider.ts), as readers see it. */
export interface LedgerEntry {
  readonly chargeId: string;
  /** The payment intent that caused the charge, from the causal context; null if none. */
  readonly intentId: string | null;
  readonly amount: number;
  readonly currency: string;
  /** The provider-level idempotency key the caller sent, if any. */
  readonly idempotencyKey: string | null;
  /** The caller's reference (metadata), if any. */
  readonly reference: string | null;
  /** Virtual time of the commit, ms. */
  readonly atMs: number;
}

/** The ledger as its readers get it: they can read every charge, and append or attribute none. */
export type LedgerView = Pick<LedgerColumns, 'length' | 'entries' | 'entryAt'>;

export class LedgerColumns {
  private readonly intentIds: Array<string | null> = [];
  private readonly amounts: number[] = [];
  private readonly currencies = new SameUntilNot<string>();
  private readonly idempotencyKeys = new SameUntilNot<string | null>();
  private readonly references = new SameUntilNot<string | null>();
  private readonly atMs: number[] = [];
  /** The entries as last built, until the ledger changes. */
  private built: readonly LedgerEntry[] | undefined;

  get length(): number {
    return this.atMs.length;
  }

  /**
   * Every charge, in commit order. Built when read and kept until the next change, so repeated
   * reads of a finished run get the same array (checks/charges-by-intent.ts keeps its grouping by it).
   */
  get entries(): readonly LedgerEntry[] {
    this.built ??= Array.from({ length: this.length }, (_, position) => this.entryAt(position));
    return this.built;
  }

  /** Appends a charge; answers its position. */
  append(charge: Omit<LedgerEntry, 'chargeId'>): number {
    this.intentIds.push(charge.intentId);
    this.amounts.push(charge.amount);
    const position = this.atMs.length;
    this.currencies.set(position, charge.currency);
    this.idempotencyKeys.set(position, charge.idempotencyKey);
    this.references.set(position, charge.reference);
    this.atMs.push(charge.atMs);
    this.built = undefined;
    return position;
  }

  /** Gives the charge at `position` its intent (a worker's charge, attributed late). */
  attribute(position: number, intentId: string): void {
    this.intentIds[position] = intentId;
    this.built = undefined;
  }

  entryAt(position: number): LedgerEntry {
    return {
      chargeId: `ch_${position + 1}`,
      intentId: this.intentIds[position] as string | null,
      amount: this.amounts[position] as number,
      currency: this.currencies.at(position),
      idempotencyKey: this.idempotencyKeys.at(position),
      reference: this.references.at(position),
      atMs: this.atMs[position] as number,
    };
  }
}

/**
 * A column that keeps one value while every slot holds it, and a slot per position from the first
 * that differs: a run without keys stores no key per charge, one with keys pays one slot each.
 */
class SameUntilNot<T> {
  private first: { readonly value: T } | undefined;
  private slots: T[] | undefined;

  /** Sets the value at `position`, which is the column's length (it only grows). */
  set(position: number, value: T): void {
    if (this.slots !== undefined) {
      this.slots.push(value);
      return;
    }
    if (this.first === undefined) this.first = { value };
    else if (!Object.is(value, this.first.value)) {
      this.slots = Array.from({ length: position }, () => (this.first as { readonly value: T }).value);
      this.slots.push(value);
    }
  }

  at(position: number): T {
    if (this.slots !== undefined) return this.slots[position] as T;
    if (this.first === undefined) throw new Error(`no value at ${position}`);
    return this.first.value;
  }
}
