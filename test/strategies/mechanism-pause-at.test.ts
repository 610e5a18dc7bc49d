/**
 * 20-pause-after-charge: a pause-at fault freezes each design's charging worker at the same step
 * of its work, the provider's answer to its charge arriving, whatever the time that happens at.
 * Read off the trace of one pinned seed per strategy: what the worker had sent for the payment
 * before it froze, the charge whose answer froze it, and what it did first on waking.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../src/engine/trace.js';
import type { Outcome } from '../../src/experiment/run-experiment.js';
import { harmsOf, NO_HARM, runMechanism } from './mechanism-run.js';

const STRATEGIES = ['none', 'db-naive', 'db-atomic', 'redis-setnx', 'kafka-eos'] as const;

interface PausePoint {
  readonly node: string;
  /** The calls the worker had made for the payment before it froze, in order. */
  readonly before: readonly string[];
  /** The charge whose answer reached it as it froze. */
  readonly frozeOn: string;
  readonly pausedMs: number;
  /** The first thing the worker traced for the payment once it woke: taking that answer in. */
  readonly woke: string;
}

/** Where the one pause of the run landed in the paused worker's work, and when. */
function pausePoint(outcome: Outcome): { readonly atMs: number; readonly point: PausePoint } {
  const trace: readonly TraceEntry[] = outcome.trace;
  const fired = trace.filter((entry) => entry.type === 'nemesis.pause-at');
  expect(fired).toHaveLength(1);
  const pause = fired[0] as TraceEntry;
  const node = String(pause['node']);
  const resume = trace.find((entry) => entry.type === 'node.resume' && entry['node'] === node) as TraceEntry;
  const answered = trace.findLast(
    (entry) =>
      entry.type === 'rpc.reply' && entry['from'] === node && entry['to'] === 'psp' && entry.t <= pause.t,
  ) as TraceEntry;
  const { intent, call } = answered;
  const charge = trace.find((entry) => entry.type === 'psp.charge' && entry['call'] === call) as TraceEntry;
  const mine = (entry: TraceEntry): boolean => entry['intent'] === intent && entry['from'] === node;
  const before = trace.filter((entry) => mine(entry) && entry.type === 'rpc.call' && entry.t <= pause.t);
  const woke = trace.find((entry) => mine(entry) && entry.t >= resume.t) as TraceEntry;
  return {
    atMs: pause.t,
    point: {
      node,
      before: before.map((entry) => String(entry['method'])),
      frozeOn: `${String(answered['method'])} answered: ${String(charge['charge'])} for ${String(intent)}`,
      pausedMs: resume.t - pause.t,
      woke: `${woke.type} ${String(woke['method'])}${woke['call'] === call ? ' (the answer it froze on)' : ''}`,
    },
  };
}

describe('20-pause-after-charge: every design is paused at the same step of its work', () => {
  it('right after the answer to its charge, at whatever time that is, and takes that answer in first on waking', async () => {
    const landed = new Map<string, { readonly atMs: number; readonly point: PausePoint }>();
    for (const strategy of STRATEGIES)
      landed.set(strategy, pausePoint(await runMechanism('20-pause-after-charge', strategy, 1)));
    const points = Object.fromEntries([...landed].map(([strategy, { point }]) => [strategy, point]));
    expect(points).toEqual({
      none: {
        node: 'service-1',
        before: ['charge'],
        frozeOn: 'charge answered: ch_1 for pay-01',
        pausedMs: 6000,
        woke: 'rpc.ok charge (the answer it froze on)',
      },
      'db-naive': {
        node: 'service-1',
        before: ['pg.query', 'pg.query', 'charge'],
        frozeOn: 'charge answered: ch_1 for pay-01',
        pausedMs: 6000,
        woke: 'rpc.ok charge (the answer it froze on)',
      },
      'db-atomic': {
        node: 'service-1',
        before: ['pg.query', 'charge'],
        frozeOn: 'charge answered: ch_1 for pay-01',
        pausedMs: 6000,
        woke: 'rpc.ok charge (the answer it froze on)',
      },
      'redis-setnx': {
        node: 'service-1',
        before: ['redis.command', 'charge'],
        frozeOn: 'charge answered: ch_1 for pay-01',
        pausedMs: 6000,
        woke: 'rpc.ok charge (the answer it froze on)',
      },
      'kafka-eos': {
        node: 'consumer-1',
        before: ['charge'],
        frozeOn: 'charge answered: ch_1 for pay-01',
        pausedMs: 6000,
        woke: 'rpc.ok charge (the answer it froze on)',
      },
    });
    // The same step, not the same time: a fault at a fixed time would have met each at another step.
    const times = [...landed.values()].map(({ atMs }) => atMs);
    expect(new Set(times).size).toBe(STRATEGIES.length);
  });

  it('db-atomic holds; the others charge the paused payment twice', async () => {
    const doubled = new Map<string, readonly string[]>();
    for (const strategy of STRATEGIES) {
      const harms = harmsOf(await runMechanism('20-pause-after-charge', strategy, 1));
      expect({ ...harms, doubleCharged: [] }).toEqual(NO_HARM);
      doubled.set(strategy, harms.doubleCharged);
    }
    expect(Object.fromEntries(doubled)).toEqual({
      // Every request that waited at service-1's door charges again once it wakes.
      none: ['pay-01', 'pay-05', 'pay-07', 'pay-03', 'pay-09', 'pay-10'],
      // pay-10: the woken service-1 and service-2 race between check and insert.
      'db-naive': ['pay-01', 'pay-10'],
      'db-atomic': [],
      'redis-setnx': ['pay-01'],
      'kafka-eos': ['pay-01'],
    });
  });
});
