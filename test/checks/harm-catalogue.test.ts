import { describe, expect, it } from 'vitest';
import { HARM_CATALOGUE, HARMS } from '../../src/checks/harm-catalogue.js';
import { judgeRun } from '../../src/checks/judge-run.js';
import { HARM_LEGEND, harmLetters } from '../../src/report/harm-letters.js';
import { attempt, charge, intent } from './hand-written-records.js';

describe('the harm catalogue', () => {
  it('lists each harm once, with its letter, name, column, field and whether it is about money', () => {
    expect(
      HARM_CATALOGUE.map((entry) => [
        entry.id,
        entry.letter,
        entry.name,
        entry.label,
        entry.field,
        entry.money,
      ]),
    ).toEqual([
      ['double-charge', 'D', 'double charge', 'double charges', 'doubleCharges', true],
      ['lost-payment', 'L', 'lost payment', 'lost', 'lostPayments', true],
      ['charged-but-failed', 'F', 'charged but told failed', 'told failed', 'chargedButFailed', true],
      ['told-paid-early', 'E', 'told paid early', 'told paid early', 'toldPaidEarly', false],
      ['wrong-replay', 'W', 'wrong replay', 'wrong replay', 'wrongReplays', true],
      ['stuck', 'S', 'stuck', 'stuck', 'stuck', false],
    ]);
    expect(HARMS).toEqual(HARM_CATALOGUE.map((entry) => entry.id));
  });

  it('names every field, letter and label once: a table or a JSON field cannot stand for two harms', () => {
    for (const key of ['id', 'letter', 'label', 'field'] as const) {
      const values = HARM_CATALOGUE.map((entry) => entry[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('judges one run with every harm once: each checker names its payment, money harms make it unsafe', () => {
    const history = {
      intents: [
        intent('double', 'succeeded', 201),
        intent('lost', 'succeeded', 202),
        intent('told-failed', 'failed', 500),
        intent('early', 'succeeded', 200),
        intent('replayed', 'succeeded', 200),
        intent('stuck', 'failed', 409),
      ],
      attempts: [
        attempt('double', 'ok', 201, 80),
        attempt('lost', 'ok', 202, 10),
        attempt('told-failed', 'fail', 500, 80),
        attempt('early', 'ok', 200, 20),
        { ...attempt('replayed', 'ok', 200, 80), amount: 1500 },
        attempt('stuck', 'info', 409, 80),
      ],
    };
    const ledger = [
      charge('double', 1000, 30),
      charge('double', 1000, 40),
      charge('told-failed', 1000, 30),
      charge('early', 1000, 50),
      charge('replayed', 1000, 30),
    ];
    const judged = judgeRun(history, ledger);
    expect(judged.harmed).toEqual({
      'double-charge': ['double'],
      'lost-payment': ['lost'],
      'charged-but-failed': ['told-failed'],
      'told-paid-early': ['early'],
      'wrong-replay': ['replayed'],
      stuck: ['stuck'],
    });
    expect(judged.verdict).toBe('unsafe');
  });

  it('gives the matrix its letters and legend', () => {
    expect(harmLetters([])).toBe('ok');
    expect(harmLetters(['double-charge', 'told-paid-early', 'stuck'])).toBe('D E S');
    expect(HARM_LEGEND).toBe(
      'D double charge · L lost payment · F charged but told failed · E told paid early · W wrong replay · S stuck · ok none',
    );
  });
});
