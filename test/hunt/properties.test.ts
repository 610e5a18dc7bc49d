import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { BUILT_IN_PROPERTIES, builtInProperty } from '../../src/hunt/properties.js';
import { attempt, charge, intent } from '../checks/hand-written-records.js';

/** A hand-written run: pay-1 charged twice, pay-2 told 200 before its charge, pay-3 fine. */
function judged() {
  const outcome: Outcome = {
    scenario: 'hand-written',
    strategy: 'mine',
    seed: 1,
    history: {
      intents: [
        intent('pay-1', 'succeeded', 201),
        intent('pay-2', 'succeeded', 200),
        intent('pay-3', 'succeeded', 201),
      ],
      attempts: [
        attempt('pay-1', 'ok', 201, 80),
        attempt('pay-2', 'ok', 200, 20),
        attempt('pay-3', 'ok', 201, 80),
      ],
    },
    ledger: [
      charge('pay-1', 1000, 30),
      charge('pay-1', 1000, 40),
      charge('pay-2', 1000, 50),
      charge('pay-3', 1000, 30),
    ],
    trace: [],
    exposure: { faults: [], repeats: [] },
    startMs: 0,
    endMs: 200,
    steps: 0,
  };
  return { outcome, summary: summarizeRun(outcome) };
}

describe("hunt's built-in properties: one per harm of the catalogue", () => {
  it('are named no-<harm>, in the catalogue order, and each says how it broke', () => {
    const run = judged();
    expect(BUILT_IN_PROPERTIES.map((property) => [property.name, property.violation(run) ?? 'held'])).toEqual(
      [
        [
          'no-double-charge',
          `1 payment charged more than once (pay-1: ${run.summary.examples.doubleCharged[0]?.chargeIds.join(', ')})`,
        ],
        ['no-lost-payment', 'held'],
        ['no-charged-but-failed', 'held'],
        ['no-told-paid-early', '1 payment told paid before any charge existed (pay-2)'],
        ['no-wrong-replay', 'held'],
        ['no-stuck', 'held'],
      ],
    );
  });

  it('are found with or without "no-", and by their older names ("no-stuck-payment")', () => {
    const names = [
      'double-charge',
      'no-lost-payment',
      'lost',
      'told-paid-early',
      'no-stuck-payment',
      'stuck',
      'fun',
    ];
    expect(names.map((name) => builtInProperty(name)?.name)).toEqual([
      'no-double-charge',
      'no-lost-payment',
      'no-lost-payment',
      'no-told-paid-early',
      'no-stuck',
      'no-stuck',
      undefined,
    ]);
  });
});
