import { describe, expect, it } from 'vitest';
import type { TraceEntry, TraceEvent } from '../../src/engine/trace.js';
import type { Outcome } from '../../src/experiment/run-experiment.js';
import { storyOf } from './trace-story.js';

function outcomeWith(trace: readonly TraceEntry[]): Outcome {
  return {
    scenario: 'hand-written',
    strategy: 'none',
    seed: 1,
    history: { intents: [], attempts: [] },
    ledger: [],
    // Hand-written and partial (only what the story reads), so not checked as whole events.
    trace: trace as readonly TraceEvent[],
    exposure: { faults: [], repeats: [] },
    startMs: 0,
    endMs: 0,
    steps: 0,
  };
}

const call = (
  t: number,
  type: string,
  from: string,
  to: string,
  method: string,
  intent: string | null,
): TraceEntry => ({
  t,
  type,
  call: 0,
  from,
  to,
  method,
  intent,
});

/** Two payments, pay-1 and pay-10, on one service: a Redis lock each, a transaction, a crash, a Kafka record. */
const trace: readonly TraceEntry[] = [
  {
    t: 1,
    type: 'redis.exec',
    node: 'redis',
    command: 'SET idem:idem-pay-1 in-progress PX 100 NX',
    reply: 'OK',
  },
  {
    t: 2,
    type: 'redis.exec',
    node: 'redis',
    command: 'SET idem:idem-pay-10 in-progress PX 100 NX',
    reply: 'OK',
  },
  call(3, 'rpc.arrive', 'service-1', 'postgres', 'pg.query', 'pay-10'),
  { t: 3, type: 'pg.begin', node: 'postgres', session: 'service-1/tx1', client: 'service-1' },
  call(3, 'rpc.reply', 'service-1', 'postgres', 'pg.query', 'pay-10'),
  call(4, 'rpc.call', 'service-1', 'psp', 'charge', 'pay-10'),
  { t: 5, type: 'psp.charge', charge: 'ch_1', intent: 'pay-10', amount: 1000 },
  { t: 6, type: 'node.crash', node: 'service-1' },
  {
    t: 7,
    type: 'pg.rollback',
    node: 'postgres',
    session: 'service-1/tx1',
    client: 'service-1',
    reason: 'client-crash',
    writes: 0,
  },
  { t: 8, type: 'service.error', node: 'service-2', error: 'DatabaseError', message: 'boom' },
  call(8, 'rpc.reply', 'lb', 'service-2', 'POST /payments', 'pay-1'),
  {
    t: 9,
    type: 'kafka.append',
    topic: 'payments',
    partition: 0,
    offset: 4,
    key: 'idem-pay-1',
    producer: 1,
    seq: 0,
    txn: null,
    intent: 'pay-1',
  },
  { t: 10, type: 'kafka.commit', group: 'g', member: 'consumer-1-1', generation: 1, partition: 0, offset: 5 },
  call(11, 'rpc.call', 'consumer-1', 'kafka', 'kafka.fetch', null),
];

describe('storyOf', () => {
  it('attributes store entries by key, session, the call they ran in, or the offset; world events belong to everyone', () => {
    const types = [
      'redis.exec',
      'pg.begin',
      'pg.rollback',
      'psp.charge',
      'node.crash',
      'service.error',
      'kafka.append',
      'kafka.commit',
      'rpc.call',
    ];
    expect(storyOf(outcomeWith(trace), 'pay-1', types)).toEqual([
      '1 redis.exec SET idem:idem-pay-1 in-progress PX 100 NX -> OK',
      '6 node.crash service-1',
      '8 service.error service-2 DatabaseError: boom',
      '9 kafka.append p0@4',
      '10 kafka.commit consumer-1-1 p0 next 5',
    ]);
    expect(storyOf(outcomeWith(trace), 'pay-10', types)).toEqual([
      '2 redis.exec SET idem:idem-pay-10 in-progress PX 100 NX -> OK',
      '3 pg.begin service-1/tx1',
      '4 rpc.call service-1->psp charge',
      '5 psp.charge ch_1',
      '6 node.crash service-1',
      '7 pg.rollback service-1/tx1 client-crash',
    ]);
  });

  it('keeps only the wanted types, the calls of the given callers, and the time window', () => {
    const story = storyOf(
      outcomeWith(trace),
      'pay-10',
      ['rpc.arrive', 'rpc.call', 'psp.charge', 'node.crash'],
      {
        callers: ['client'],
        fromMs: 4,
        toMs: 5,
      },
    );
    expect(story).toEqual(['5 psp.charge ch_1']);
  });
});
