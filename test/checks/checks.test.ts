import { describe, expect, it } from 'vitest';
import { checkAvailability } from '../../src/checks/availability.js';
import { checkChargedButFailed } from '../../src/checks/charged-but-failed.js';
import { checkDoubleCharges } from '../../src/checks/double-charge.js';
import { judgeRun } from '../../src/checks/judge-run.js';
import { checkLostPayments } from '../../src/checks/lost-payment.js';
import { checkStuck } from '../../src/checks/stuck.js';
import { checkToldPaidEarly } from '../../src/checks/told-paid-early.js';
import { checkWrongReplays } from '../../src/checks/wrong-replay.js';
import { attempt, charge, intent } from './hand-written-records.js';

describe('checkers on hand-written records', () => {
  it('double charge: counts intents with more than one charge, and the money taken twice', () => {
    const ledger = [charge('a'), charge('b'), charge('a', 1000), charge('c'), charge('a', 500), charge(null)];
    const verdict = checkDoubleCharges(ledger);
    expect(
      verdict.doubleCharged.map((double) => [
        double.intentId,
        double.chargeIds.length,
        double.overchargedAmount,
      ]),
    ).toEqual([['a', 3, 1500]]);
    expect([verdict.extraCharges, verdict.overchargedAmount]).toEqual([2, 1500]);
    expect(checkDoubleCharges([charge('a'), charge('b')]).doubleCharged).toEqual([]);
  });

  it('lost payment: told success, never charged', () => {
    const history = {
      intents: [
        intent('paid', 'succeeded', 201),
        intent('lost', 'succeeded', 202),
        intent('refused', 'failed', 500),
      ],
      attempts: [],
    };
    expect(checkLostPayments(history, [charge('paid')])).toEqual(['lost']);
  });

  it('charged but told failed: a final error answer with a charge; a timeout does not count', () => {
    const history = {
      intents: [
        intent('told-failed', 'failed', 500),
        intent('timed-out', 'unknown'),
        intent('fine', 'succeeded', 201),
      ],
      attempts: [],
    };
    const ledger = [charge('told-failed'), charge('timed-out'), charge('fine')];
    expect(checkChargedButFailed(history, ledger)).toEqual(['told-failed']);
  });

  it('stuck: ended on 409, or still retrying at the end', () => {
    const history = {
      intents: [
        intent('conflict', 'failed', 409),
        intent('forever', 'pending'),
        intent('gave-up', 'failed', 503),
        intent('ok', 'succeeded', 201),
      ],
      attempts: [],
    };
    expect(checkStuck(history)).toEqual(['conflict', 'forever']);
  });

  it('availability: success rate over payments, error rate over attempts, errors by kind', () => {
    const history = {
      intents: [intent('a', 'succeeded', 201), intent('b', 'unknown')],
      attempts: [
        attempt('a', 'fail', 409),
        attempt('a', 'ok', 201),
        attempt('b', 'info', null),
        attempt('b', 'fail', null),
      ],
    };
    expect(checkAvailability(history)).toEqual({
      successRate: 0.5,
      attemptErrorRate: 0.75,
      errorsByKind: { '409': 1, refused: 1, timeout: 1 },
    });
    expect(checkAvailability({ intents: [], attempts: [] })).toEqual({
      successRate: 1,
      attemptErrorRate: 0,
      errorsByKind: {},
    });
  });

  it('wrong replay: told success for an amount that no charge of the payment has', () => {
    const history = {
      intents: [
        intent('replayed', 'succeeded', 200),
        intent('right', 'succeeded', 201),
        intent('refused', 'failed', 422),
      ],
      attempts: [
        attempt('replayed', 'info', null),
        { ...attempt('replayed', 'ok', 200), amount: 1500 },
        attempt('right', 'ok', 201),
        { ...attempt('refused', 'fail', 422), amount: 1500 },
      ],
    };
    expect(
      checkWrongReplays(history, [charge('replayed', 1000), charge('right', 1000), charge('refused', 1000)]),
    ).toEqual(['replayed']);
  });

  it('told paid early: a 2xx other than 202 sent while the payment had no charge yet', () => {
    const history = {
      intents: [
        intent('loser', 'succeeded', 200),
        intent('after', 'succeeded', 201),
        intent('same-moment', 'succeeded', 201),
        intent('accepted', 'succeeded', 202),
        intent('never', 'succeeded', 200),
        intent('in-flight', 'succeeded', 201),
        intent('refused', 'failed', 500),
      ],
      attempts: [
        // Answered at 20, charged at 50 (while the answer travelled): the client was told too soon.
        attempt('loser', 'ok', 200, 20),
        attempt('loser', 'ok', 201, 90),
        attempt('after', 'ok', 201, 60),
        attempt('same-moment', 'ok', 201, 50),
        attempt('accepted', 'ok', 202, 10),
        attempt('never', 'ok', 200, 20),
        // No answer from the service (a timeout), then a proxy's 504: neither says "paid".
        attempt('in-flight', 'info', null),
        attempt('in-flight', 'info', 504, null),
        attempt('in-flight', 'ok', 201, 70),
        attempt('refused', 'fail', 500, 10),
      ],
    };
    const ledger = [
      charge('loser', 1000, 50),
      charge('after', 1000, 50),
      charge('same-moment', 1000, 50),
      charge('in-flight', 1000, 50),
    ];
    expect(checkToldPaidEarly(history, ledger)).toEqual(['loser', 'never']);
    // Its worst case: never charged at all, so the payment is lost too.
    expect(checkLostPayments(history, ledger)).toEqual(['accepted', 'never']);
  });

  it('the run verdict is unsafe exactly when money was wrongly taken or lost', () => {
    const stuckOnly = { intents: [intent('a', 'failed', 409)], attempts: [] };
    expect(judgeRun(stuckOnly, []).verdict).toBe('safe');
    expect(judgeRun({ intents: [intent('a', 'succeeded', 201)], attempts: [] }, []).verdict).toBe('unsafe');
    expect(judgeRun({ intents: [intent('a', 'failed', 500)], attempts: [] }, [charge('a')]).verdict).toBe(
      'unsafe',
    );
    expect(
      judgeRun({ intents: [intent('a', 'succeeded', 201)], attempts: [] }, [charge('a'), charge('a')])
        .verdict,
    ).toBe('unsafe');
    expect(judgeRun({ intents: [intent('a', 'succeeded', 201)], attempts: [] }, [charge('a')]).verdict).toBe(
      'safe',
    );
    // Told paid early, then charged: no money went wrong, so the run stays safe and says so.
    const early = { intents: [intent('a', 'succeeded', 200)], attempts: [attempt('a', 'ok', 200, 20)] };
    const judged = judgeRun(early, [charge('a', 1000, 50)]);
    expect([judged.verdict, judged.harmed['told-paid-early']]).toEqual(['safe', ['a']]);
  });
});
