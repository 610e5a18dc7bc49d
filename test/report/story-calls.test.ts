import { describe, expect, it } from 'vitest';
import type { TraceEntry, TraceValue } from '../../src/engine/trace.js';
import type { Outcome } from '../../src/experiment/run-experiment.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { paymentStory } from '../../src/report/payment-story.js';

/** Only what the story reads: the trace (the history only for the client's answers). */
function outcomeOf(trace: TraceEntry[]): Outcome {
  return { trace, history: { intents: [], attempts: [] } } as unknown as Outcome;
}

/** One RPC entry of a call from service-1 to redis for pay-01. */
function rpc(t: number, type: string, call: number, extra: Record<string, TraceValue> = {}): TraceEntry {
  const parent = type === 'rpc.call' ? { parent: null } : {};
  return {
    t,
    type,
    call,
    from: 'service-1',
    to: 'redis',
    method: 'redis.command',
    intent: 'pay-01',
    ...parent,
    ...extra,
  };
}

function exec(t: number, call: number, command: string, reply: string): TraceEntry {
  return { t, type: 'redis.exec', node: 'redis', call, command, reply };
}

describe('a call to a store in the story', () => {
  it('is one line where it ran; its messages are told only when lost or too late', () => {
    const trace: TraceEntry[] = [
      // Answered as usual: one line.
      rpc(10, 'rpc.call', 1),
      rpc(11, 'rpc.arrive', 1),
      exec(11, 1, 'SET idem:idem-pay-01 in-progress PX 1000 NX', 'OK'),
      rpc(11, 'rpc.reply', 1),
      rpc(12, 'rpc.ok', 1),
      // The answer is lost.
      rpc(20, 'rpc.call', 2),
      rpc(21, 'rpc.arrive', 2),
      exec(21, 2, 'GET idem:idem-pay-01', 'in-progress'),
      rpc(21, 'rpc.reply', 2),
      rpc(21.5, 'msg.drop', 2, { leg: 'reply', reason: 'partition' }),
      rpc(70, 'rpc.timeout', 2),
      // The request gets there after the caller gave up.
      rpc(100, 'rpc.call', 3),
      rpc(150, 'rpc.timeout', 3),
      rpc(160, 'rpc.arrive', 3),
      exec(160, 3, 'DEL idem:idem-pay-01', '(integer) 1'),
      rpc(160, 'rpc.reply', 3),
      // The request is lost: nobody knows what it was.
      rpc(200, 'rpc.call', 4),
      rpc(200, 'msg.drop', 4, { leg: 'request', reason: 'partition' }),
      rpc(250, 'rpc.timeout', 4),
    ];
    const steps = paymentStory(outcomeOf(trace), 'pay-01');
    expect(steps.map((step) => `${step.tMs} ${step.text}`)).toEqual([
      "11 redis runs service-1's SET idem:idem-pay-01 in-progress PX 1000 NX -> OK",
      "21 redis runs service-1's GET idem:idem-pay-01 -> in-progress",
      "21 redis answers service-1's GET idem:idem-pay-01",
      "21.5 redis's answer to service-1's GET idem:idem-pay-01 is lost (partition)",
      '70 service-1 times out waiting for redis; the answer was lost on the way back',
      '100 service-1 sends DEL idem:idem-pay-01 to redis',
      '150 service-1 times out waiting for redis; its request has not arrived yet',
      "160 redis runs service-1's DEL idem:idem-pay-01 -> (integer) 1",
      "160 redis answers service-1's DEL idem:idem-pay-01, but service-1 stopped waiting at t=0.150s",
      '200 service-1 sends Redis command to redis',
      '200 the Redis command from service-1 to redis is lost (partition)',
      '250 service-1 times out waiting for redis; its request was lost on the way',
    ]);
    expect(renderMermaid(steps).split('\n').slice(3)).toEqual([
      '    service_1 ->> redis: t=0.011s SET idem:idem-pay-01 in-progress PX 1000 NX',
      '    redis -->> service_1: OK',
      '    service_1 ->> redis: t=0.021s GET idem:idem-pay-01',
      '    redis -x service_1: t=0.021s in-progress',
      '    Note over service_1: t=0.070s times out waiting for redis',
      '    service_1 ->> redis: t=0.100s DEL idem:idem-pay-01',
      '    Note over service_1: t=0.150s times out waiting for redis',
      '    service_1 ->> redis: t=0.160s DEL idem:idem-pay-01',
      '    redis -->> service_1: t=0.160s (integer) 1 (too late)',
      '    service_1 -x redis: t=0.200s Redis command',
      '    Note over service_1: t=0.250s times out waiting for redis',
    ]);
  });
});

describe('a client timeout in the story', () => {
  it('says the work was done when an answer further down was lost, not that it is still in progress', () => {
    const call = (
      t: number,
      type: string,
      id: number,
      from: string,
      to: string,
      extra: Record<string, TraceValue> = {},
    ): TraceEntry => ({
      t,
      type,
      call: id,
      from,
      to,
      method: 'POST /payments',
      intent: 'pay-01',
      ...(type === 'rpc.call' ? { parent: id === 1 ? null : 1 } : {}),
      ...extra,
    });
    const trace: TraceEntry[] = [
      call(0, 'rpc.call', 1, 'client', 'lb'),
      call(1, 'rpc.arrive', 1, 'client', 'lb'),
      call(1, 'rpc.call', 2, 'lb', 'service-1'),
      call(2, 'rpc.arrive', 2, 'lb', 'service-1'),
      call(80, 'rpc.reply', 2, 'lb', 'service-1'),
      call(80, 'msg.drop', 2, 'lb', 'service-1', { leg: 'reply', reason: 'loss' }),
      call(1000, 'rpc.timeout', 1, 'client', 'lb'),
    ];
    const timeout = paymentStory(outcomeOf(trace), 'pay-01').find((step) => step.kind === 'timeout');
    expect(timeout?.text).toBe(
      "client times out waiting for lb; service-1's answer to lb was lost at t=0.080s: the work was done, but no answer is coming",
    );
  });
});
