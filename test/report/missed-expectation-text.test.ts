import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/checks/expectation.js';
import type { MissedExpectation } from '../../src/experiment/compare.js';
import { missedExpectationLines } from '../../src/report/missed-expectation-text.js';

function miss(
  scenario: string,
  strategy: string,
  check: ReturnType<typeof checkExpectation>,
): MissedExpectation {
  expect(check.holds).toBe(false); // a fixture that holds would test nothing
  return { scenario, strategy, check };
}

describe('missedExpectationLines', () => {
  it('says nothing when every expectation held', () => {
    expect(missedExpectationLines([])).toEqual([]);
  });

  it('names each missed cell with what was expected and what showed, in the order given', () => {
    const lines = missedExpectationLines([
      miss('10-store-partition', 'redis-setnx', checkExpectation('ok', ['lost-payment', 'told-paid-early'])),
      miss('04-crash-after-charge', 'none', checkExpectation(['double-charge'], [])),
      miss('15-kafka', 'db-atomic', checkExpectation('untouched', [], true)),
      miss('02', 'db-naive', checkExpectation(['double-charge'], ['double-charge', 'wrong-replay'])),
    ]);
    expect(lines).toEqual([
      '4 stated expectations did not hold (exit code 1):',
      '  10-store-partition / redis-setnx: expected ok, saw L E',
      '  04-crash-after-charge / none: expected D, saw no harm',
      '  15-kafka / db-atomic: expected untouched, saw no harm, but a fault reached its work or a request came to it twice',
      '  02 / db-naive: expected D, saw D W',
      "A file's expect: states what its own seeds and payments show (--seeds and --payments run other experiments);",
      '`idemsim explain <scenario> -s <strategy> --seed <n>` tells the story of a payment that went wrong.',
    ]);
  });

  it('counts one expectation in the singular', () => {
    const [first] = missedExpectationLines([miss('a', 'none', checkExpectation('ok', ['double-charge']))]);
    expect(first).toBe('1 stated expectation did not hold (exit code 1):');
  });
});
