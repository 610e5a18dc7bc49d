/**
 * The tally judges each intent once no charge can change its verdicts, and forgets it: these
 * hand-written runs feed the same writes to a RunTally and to a History with its ledger, and hold
 * the tally's verdicts and durations equal to the checkers' over the whole records, while
 * `openCount` shows which intents the tally still holds and why.
 */
import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/checks/judge-run.js';
import { RunTally, type TallyDurations } from '../../src/checks/run-tally.js';
import { History } from '../../src/components/history.js';
import type { LedgerEntry } from '../../src/components/payment-provider.js';
import { clientLatenciesMs, finalityDurationsMs } from '../../src/metrics/finality.js';
import { attempt } from './hand-written-records.js';

class Durations implements TallyDurations {
  readonly latencies: number[] = [];
  readonly finalities: number[] = [];
  latencyMs(ms: number): void {
    this.latencies.push(ms);
  }
  finalityMs(ms: number): void {
    this.finalities.push(ms);
  }
}

/** One run written twice: to a tally as it goes, and to a History and a ledger for the checkers. */
class TwoRecords {
  readonly tally = new RunTally(new Durations());
  readonly history = new History();
  readonly ledger: LedgerEntry[] = [];

  start(intentId: string, startMs = 0): this {
    this.tally.startIntent(intentId, 1000, startMs);
    this.history.startIntent(intentId, 1000, startMs);
    return this;
  }

  answer(intentId: string, status: number | null, amount = 1000, answeredAtMs = 99): this {
    const outcome = status === null ? 'info' : status < 300 ? 'ok' : 'fail';
    const record = { ...attempt(intentId, outcome, status, answeredAtMs), amount };
    this.tally.recordAttempt(record);
    this.history.recordAttempt(record);
    return this;
  }

  finish(intentId: string, result: 'succeeded' | 'failed' | 'unknown', status: number | null): this {
    this.tally.finishIntent(intentId, result, 100, status);
    this.history.finishIntent(intentId, result, 100, status);
    return this;
  }

  charge(intentId: string | null, atMs: number, amount = 1000, idempotencyKey: string | null = null): this {
    const entry: LedgerEntry = {
      chargeId: `ch_${this.ledger.length + 1}`,
      intentId,
      amount,
      currency: 'EUR',
      idempotencyKey,
      reference: null,
      atMs,
    };
    this.ledger.push(entry);
    this.tally.recordCharge(entry, this.ledger.length - 1);
    return this;
  }

  /** A worker's charge at `position` is attributed to `intentId` late, as the provider does. */
  attribute(position: number, intentId: string): this {
    const entry = { ...(this.ledger[position] as LedgerEntry), intentId };
    this.ledger[position] = entry;
    this.tally.recordCharge(entry, position);
    return this;
  }

  /** The tally's verdicts and durations beside the checkers' over the whole records. */
  judged(): { tally: unknown; checkers: unknown } {
    const { harmed, results } = this.tally.judge();
    const { 'double-charge': _double, ...checked } = judgeRun(this.history, this.ledger).harmed;
    const count = (result: string): number =>
      this.history.intents.filter((intent) => intent.result === result).length;
    const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
    return {
      tally: {
        harmed,
        results,
        latencies: sorted(this.tally.durations.latencies),
        finalities: sorted(this.tally.durations.finalities),
      },
      checkers: {
        harmed: checked,
        results: {
          succeeded: count('succeeded'),
          failed: count('failed'),
          unknown: count('unknown'),
          pending: count('pending'),
        },
        latencies: sorted(clientLatenciesMs(this.history)),
        finalities: sorted(finalityDurationsMs(this.history, this.ledger)),
      },
    };
  }
}

function expectSameVerdicts(run: TwoRecords): void {
  const { tally, checkers } = run.judged();
  expect(tally).toEqual(checkers);
}

describe('RunTally judging on settle', () => {
  it('forgets a paid intent at its last answer, when its charge has landed', () => {
    const run = new TwoRecords().start('pay-1').charge('pay-1', 50).answer('pay-1', 201);
    expect(run.tally.openCount).toBe(1);
    run.finish('pay-1', 'succeeded', 201);
    expect(run.tally.openCount).toBe(0);
    // A second charge after it was forgotten is a double charge, the ledger's business alone.
    run.charge('pay-1', 300);
    expectSameVerdicts(run);
  });

  it('keeps a failed intent until its late charge lands, then judges it charged but failed', () => {
    const run = new TwoRecords().start('pay-1').answer('pay-1', 500).finish('pay-1', 'failed', 500);
    expect(run.tally.openCount).toBe(1);
    run.charge('pay-1', 400);
    expect(run.tally.openCount).toBe(0);
    expectSameVerdicts(run);
    expect(run.tally.judge().harmed['charged-but-failed']).toEqual(['pay-1']);
  });

  it('keeps a paid intent while no charge of the amount it was told has landed (wrong replay)', () => {
    const run = new TwoRecords()
      .start('pay-1')
      .charge('pay-1', 50, 1000)
      .answer('pay-1', 201, 1500)
      .finish('pay-1', 'succeeded', 201);
    expect(run.tally.openCount).toBe(1);
    expectSameVerdicts(run);
    expect(run.tally.judge().harmed['wrong-replay']).toEqual(['pay-1']);
  });

  it('keeps an intent whose first charge may yet be preceded by a worker charge attributed late', () => {
    const run = new TwoRecords()
      .start('pay-1')
      .charge(null, 20, 1000, 'k-1')
      .charge('pay-1', 80)
      .answer('pay-1', 201, 1000, 60)
      .finish('pay-1', 'succeeded', 201);
    expect(run.tally.openCount).toBe(1);
    run.attribute(0, 'pay-1');
    // The worker's charge at 20 is its first: finality 20, and the answer at 60 came after it.
    expectSameVerdicts(run);
    expect(run.tally.judge().harmed['told-paid-early']).toEqual([]);
  });

  it('forgets an intent once the worker charge before it is attributed elsewhere', () => {
    const run = new TwoRecords()
      .start('pay-1')
      .start('pay-2')
      .charge(null, 20, 1000, 'k-2')
      .charge('pay-1', 30)
      .answer('pay-1', 201)
      .finish('pay-1', 'succeeded', 201);
    expect(run.tally.openCount).toBe(2);
    run.attribute(0, 'pay-2').answer('pay-2', 201).finish('pay-2', 'succeeded', 201);
    // pay-1 is judged at its next charge (a double charge), pay-2 at once.
    run.charge('pay-1', 40);
    expect(run.tally.openCount).toBe(0);
    expectSameVerdicts(run);
  });

  it('lists harmed intents in the history order, whatever order they were judged in', () => {
    const run = new TwoRecords().start('pay-1').start('pay-2').start('pay-3');
    for (const id of ['pay-1', 'pay-2', 'pay-3']) run.answer(id, 500).finish(id, 'failed', 500);
    run.charge('pay-3', 200).charge('pay-1', 300);
    expect(run.tally.openCount).toBe(1);
    expectSameVerdicts(run);
    expect(run.tally.judge().harmed['charged-but-failed']).toEqual(['pay-1', 'pay-3']);
  });

  it('judges the intents still open at the end: pending, never charged, stuck on 409', () => {
    const run = new TwoRecords().start('pay-1').start('pay-2').start('pay-3');
    run.answer('pay-2', 201).finish('pay-2', 'succeeded', 201);
    run.answer('pay-3', 409).finish('pay-3', 'failed', 409);
    expect(run.tally.openCount).toBe(3);
    expectSameVerdicts(run);
    expect(run.tally.judge().harmed['lost-payment']).toEqual(['pay-2']);
    expect(run.tally.judge().harmed.stuck).toEqual(['pay-1', 'pay-3']);
  });
});
