import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/checks/expectation.js';
import { checkExposure, combineExposure } from '../../src/checks/exposure.js';
import type { ExposureRecords } from '../../src/world/exposure.js';

const NOTHING: ExposureRecords = {
  faults: [
    { index: 0, kind: 'partition', touched: false, intents: [] },
    { index: 1, kind: 'crash-at', touched: false, intents: [] },
  ],
  repeats: [],
};

const TOUCHED: ExposureRecords = {
  faults: [
    { index: 0, kind: 'partition', touched: true, intents: ['pay-1', 'pay-3'] },
    { index: 1, kind: 'crash-at', touched: false, intents: [] },
  ],
  repeats: [],
};

const REPEATED: ExposureRecords = {
  faults: [],
  repeats: [
    { door: 'http', intentId: 'pay-2', arrivals: 3 },
    { door: 'kafka', intentId: 'pay-2', arrivals: 2 },
  ],
};

describe('checkExposure on hand-written notes', () => {
  it('faults that touched nothing and no repeat: not exercised', () => {
    expect(checkExposure(NOTHING)).toEqual({
      faults: [
        { index: 0, kind: 'partition', touched: false, intents: 0 },
        { index: 1, kind: 'crash-at', touched: false, intents: 0 },
      ],
      repeats: 0,
      exercised: false,
    });
  });

  it('a fault that touched two intents: exercised', () => {
    expect(checkExposure(TOUCHED)).toEqual({
      faults: [
        { index: 0, kind: 'partition', touched: true, intents: 2 },
        { index: 1, kind: 'crash-at', touched: false, intents: 0 },
      ],
      repeats: 0,
      exercised: true,
    });
  });

  it('repeats count the arrivals beyond the first at each door, and exercise the strategy without any fault', () => {
    expect(checkExposure(REPEATED)).toEqual({ faults: [], repeats: 3, exercised: true });
  });

  it('over seeds: a fault touched if it touched in any seed, intents and repeats summed', () => {
    const combined = combineExposure([
      checkExposure(NOTHING),
      checkExposure(TOUCHED),
      checkExposure(TOUCHED),
    ]);
    expect(combined).toEqual({
      faults: [
        { index: 0, kind: 'partition', touched: true, intents: 4 },
        { index: 1, kind: 'crash-at', touched: false, intents: 0 },
      ],
      repeats: 0,
      exercised: true,
    });
    expect(combineExposure([checkExposure(NOTHING), checkExposure(NOTHING)]).exercised).toBe(false);
  });
});

describe("expect: 'untouched'", () => {
  it('holds only with no harm and nothing exercised', () => {
    const holds = (observed: Parameters<typeof checkExpectation>[1], exercised: boolean) =>
      checkExpectation('untouched', observed, exercised).holds;
    expect([holds([], false), holds([], true), holds(['double-charge'], false)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("'ok' still holds for an untouched strategy: no harm is no harm", () => {
    expect(checkExpectation('ok', [], false).holds).toBe(true);
  });
});
