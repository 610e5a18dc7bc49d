import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/checks/expectation.js';
import type { ScenarioComparison } from '../../src/experiment/compare.js';
import type { RunSummary } from '../../src/experiment/run-summary.js';
import type { SeriesSummary } from '../../src/experiment/series-summary.js';
import { playRows } from '../../src/report/comparison-changes.js';
import type { StoryStep } from '../../src/report/payment-story.js';
import { renderPlayTable } from '../../src/report/play-table.js';
import { stepLine, walk } from '../../src/report/story-walk.js';
import { violationLabel, violationsOf } from '../../src/report/violations.js';

type Examples = RunSummary['examples'];
const NO_EXAMPLES: Examples = {
  doubleCharged: [],
  doubleCharges: [],
  lostPayments: [],
  chargedButFailed: [],
  toldPaidEarly: [],
  wrongReplays: [],
  stuck: [],
};
const LATENCY = { count: 10, p50: 110, p95: 180, p99: 200, max: 210 };

function run(strategy: string, seed: number, examples: Partial<Examples> = {}): RunSummary {
  const given = { ...NO_EXAMPLES, ...examples };
  const all = { ...given, doubleCharges: given.doubleCharged.map((double) => double.intentId) };
  const harmed =
    all.doubleCharged.length +
    all.lostPayments.length +
    all.chargedButFailed.length +
    all.wrongReplays.length +
    all.stuck.length;
  return {
    scenario: 's',
    strategy,
    seed,
    payments: 10,
    succeeded: 10,
    failed: 0,
    unknown: 0,
    pending: 0,
    attempts: 12,
    charges: 10,
    doubleCharges: all.doubleCharged.length,
    extraCharges: all.doubleCharged.length,
    overchargedAmount: 0,
    lostPayments: all.lostPayments.length,
    chargedButFailed: all.chargedButFailed.length,
    toldPaidEarly: all.toldPaidEarly.length,
    wrongReplays: all.wrongReplays.length,
    stuck: all.stuck.length,
    clientErrorRate: 0.1,
    errorsByKind: {},
    latencyMs: LATENCY,
    finalityMs: LATENCY,
    verdict: harmed === 0 ? 'safe' : 'unsafe',
    exposure: { faults: [], repeats: 2, exercised: true },
    examples: all,
  };
}

function series(strategy: string, runs: RunSummary[], numbers: Partial<SeriesSummary> = {}): SeriesSummary {
  const count = (field: (r: RunSummary) => number): number => runs.reduce((sum, r) => sum + field(r), 0);
  return {
    strategy,
    seeds: runs.map((r) => r.seed),
    payments: 10 * runs.length,
    charges: 0,
    doubleCharges: count((r) => r.doubleCharges),
    overchargedAmount: 0,
    lostPayments: count((r) => r.lostPayments),
    chargedButFailed: count((r) => r.chargedButFailed),
    toldPaidEarly: count((r) => r.toldPaidEarly),
    wrongReplays: 0,
    stuck: count((r) => r.stuck),
    clientErrorRate: 0.1,
    latencyMs: LATENCY,
    finalityMs: LATENCY,
    verdict: runs.every((r) => r.verdict === 'safe') ? 'safe' : 'unsafe',
    harms: count((r) => r.doubleCharges) > 0 ? ['double-charge'] : [],
    exposure: { faults: [], repeats: 2 * runs.length, exercised: true },
    spread: { doubleChargeRate: { min: 0, max: 0, mean: 0 }, clientErrorRate: { min: 0, max: 0, mean: 0 } },
    runs,
    ...numbers,
  };
}

function comparison(
  results: SeriesSummary[],
  expectations: ScenarioComparison['expectations'] = {},
): ScenarioComparison {
  return { name: 's', title: 'S', seeds: [1, 2], results, expectations };
}

const before = comparison(
  [
    series('redis-setnx', [
      run('redis-setnx', 1, { doubleCharged: [{ intentId: 'pay-03', chargeIds: ['ch_3', 'ch_4'] }] }),
      run('redis-setnx', 2),
    ]),
    series('db-atomic', [run('db-atomic', 1), run('db-atomic', 2)]),
  ],
  { 'redis-setnx': checkExpectation(['double-charge'], ['double-charge']) },
);
const after = comparison([
  series('redis-setnx', [run('redis-setnx', 1), run('redis-setnx', 2)], {
    latencyMs: { ...LATENCY, p99: 900 },
  }),
  series(
    'db-atomic',
    [run('db-atomic', 1), run('db-atomic', 2, { lostPayments: ['pay-07'], stuck: ['pay-07'] })],
    { clientErrorRate: 0.1 },
  ),
]);

describe("play's table", () => {
  it('shows harm columns only when some run has them, and expectations only when stated', () => {
    expect(renderPlayTable(playRows(before, undefined), { colour: false })).toBe(
      [
        '┌─────────────┬─────────┬────────────────┬────────┬─────────┬─────────┬──────────┐',
        '│ strategy    │ verdict │ double charges │ errors │ p50     │ p99     │ expected │',
        '├─────────────┼─────────┼────────────────┼────────┼─────────┼─────────┼──────────┤',
        '│ redis-setnx │ UNSAFE  │ 1/20           │ 10.0%  │ 110.0ms │ 200.0ms │ ✓ D      │',
        '│ db-atomic   │ safe    │ 0/20           │ 10.0%  │ 110.0ms │ 200.0ms │          │',
        '└─────────────┴─────────┴────────────────┴────────┴─────────┴─────────┴──────────┘',
      ].join('\n'),
    );
  });

  it('marks each cell that moved since the last run, and tells the harms that moved', () => {
    expect(renderPlayTable(playRows(after, before), { colour: false })).toBe(
      [
        '┌─────────────┬──────────┬────────────────┬──────┬───────┬────────┬─────────┬───────────┐',
        '│ strategy    │ verdict  │ double charges │ lost │ stuck │ errors │ p50     │ p99       │',
        '├─────────────┼──────────┼────────────────┼──────┼───────┼────────┼─────────┼───────────┤',
        '│ redis-setnx │ safe ▼   │ 0/20 ▼         │ 0    │ 0     │ 10.0%  │ 110.0ms │ 900.0ms ▲ │',
        '│ db-atomic   │ UNSAFE ▲ │ 0/20           │ 1 ▲  │ 1 ▲   │ 10.0%  │ 110.0ms │ 200.0ms   │',
        '└─────────────┴──────────┴────────────────┴──────┴───────┴────────┴─────────┴───────────┘',
        '▲ ▼ higher or lower than the last run (in every column, higher is worse)',
        '  redis-setnx: verdict UNSAFE → safe ▼, double charges 1/20 → 0/20 ▼',
        '  db-atomic: verdict safe → UNSAFE ▲, lost 0 → 1 ▲, stuck 0 → 1 ▲',
      ].join('\n'),
    );
  });

  it('paints worse red and better green only when colour is on', () => {
    const coloured = renderPlayTable(playRows(after, before), { colour: true });
    expect(coloured).toContain('\x1b[31m▲\x1b[39m');
    expect(coloured).toContain('\x1b[32m▼\x1b[39m');
  });
});

describe('violations', () => {
  it('lists every harmed payment with the seed that shows it, one entry per payment', () => {
    expect(violationsOf(after).map(violationLabel)).toEqual([
      'db-atomic · pay-07 · lost: told success or accepted, never charged, stuck · seed 2',
    ]);
    expect(violationsOf(before)).toEqual([
      { strategy: 'redis-setnx', seed: 1, payment: 'pay-03', harms: ['charged twice'] },
    ]);
  });
});

describe('walking a story', () => {
  const step = (tMs: number, kind: StoryStep['kind'], text: string): StoryStep => ({
    tMs,
    actor: 'x',
    kind,
    text,
    label: text,
  });
  const steps = [
    step(0, 'call', 'client sends'),
    step(5, 'charge', 'psp charges ch_1'),
    step(9, 'timeout', 'client times out'),
    step(12, 'charge', 'psp charges ch_2'),
  ];

  it('moves next, back, to the next charge and to the end; nowhere past the edges', () => {
    expect([
      walk(steps, 0, 'next'),
      walk(steps, 0, 'back'),
      walk(steps, 0, 'next-charge'),
      walk(steps, 1, 'next-charge'),
      walk(steps, 0, 'end'),
    ]).toEqual([1, undefined, 1, 3, 3]);
    expect([
      walk(steps, 3, 'next'),
      walk(steps, 3, 'next-charge'),
      walk(steps, 3, 'end'),
      walk(steps, 3, 'back'),
    ]).toEqual([undefined, undefined, undefined, 2]);
  });

  it('numbers each step and gives its virtual time', () => {
    expect(stepLine(steps, 1)).toBe('step 2/4  t=0.005s  psp charges ch_1');
  });
});
