import { describe, expect, it } from 'vitest';
import { describeFault } from '../../src/hunt/describe-fault.js';
import type { AnyFault } from '../../src/world/nemesis.js';

const at = (atMs: number, fault: AnyFault): string => describeFault({ atMs, fault });

describe('describeFault', () => {
  it('tells every kind of fault a scenario file can name', () => {
    expect([
      at(3, { kind: 'pause', node: 'service-1', durationMs: 1042 }),
      at(0, { kind: 'resume', node: 'service-1' }),
      at(1500, { kind: 'crash', node: 'service-1', restartAfterMs: 2000 }),
      at(0, { kind: 'restart', node: 'redis' }),
      at(0, { kind: 'crash-at', node: 'service-1', on: 'reply', peer: 'psp', nth: 3, restartAfterMs: 1000 }),
      at(0, { kind: 'crash-at', node: 'consumer-1', on: 'send', peer: 'psp', nth: 2 }),
      at(0, { kind: 'pause-at', node: 'service-1', on: 'reply', peer: 'psp', nth: 3, durationMs: 6000 }),
      at(0, {
        kind: 'pause-at',
        node: 'service-1',
        on: 'send',
        peer: 'postgres',
        method: 'pg.query',
        durationMs: 500,
      }),
      at(1000, { kind: 'partition', between: ['service-1'], and: ['postgres', 'redis'], durationMs: 3000 }),
      at(1000, { kind: 'partition', between: ['consumer-1', 'consumer-2'], and: ['kafka'], oneWay: true }),
      at(5000, { kind: 'heal' }),
      at(1000, {
        kind: 'slow-link',
        from: 'kafka',
        to: 'service-1',
        latency: { kind: 'constant', ms: 1500 },
        durationMs: 3000,
      }),
      at(0, {
        kind: 'slow-link',
        from: 'psp',
        to: 'service-1',
        latency: { kind: 'lognormal', medianMs: 400, sigma: 1 },
      }),
      at(0, { kind: 'lossy-link', from: 'psp', to: 'service-1', lossProbability: 1 / 3 }),
      at(1500, { kind: 'redis-restart', node: 'redis', crash: 'machine', downtimeMs: 500 }),
      at(1000, { kind: 'redis-failover', node: 'redis', downtimeMs: 500 }),
      at(1000, { kind: 'redis-cache-load', node: 'redis', keys: 1660, valueBytes: 100, ttlMs: 60_000 }),
      at(2000, { kind: 'slow-consumer', node: 'consumer-1', delayMs: 2500, durationMs: 10_000 }),
      at(0, { kind: 'something-new', node: 'x' }),
    ]).toEqual([
      'At 3ms service-1 pauses (stop-the-world) for 1.042s.',
      'At 0ms service-1 resumes.',
      'At 1.5s service-1 crashes and restarts 2s later.',
      'At 0ms redis restarts.',
      'At 0ms service-1 is set to die when the 3rd reply from psp reaches it and restarts 1s later.',
      'At 0ms consumer-1 is set to die when it is about to send its 2nd request to psp.',
      'At 0ms service-1 is set to pause (stop-the-world) for 6s when the 3rd reply from psp reaches it.',
      'At 0ms service-1 is set to pause (stop-the-world) for 500ms when it is about to send its 1st pg.query request to postgres.',
      'At 1s service-1 is cut off from postgres and redis for 3s.',
      'At 1s everything sent from consumer-1 and consumer-2 to kafka is lost.',
      'At 5s every partition heals.',
      'At 1s the link from kafka to service-1 slows to 1.5s for 3s.',
      'At 0ms the link from psp to service-1 slows to about 400ms (log-normal, sigma 1).',
      'At 0ms the link from psp to service-1 loses 33.3% of its messages.',
      "At 1.5s redis's machine crashes; it serves again 500ms later.",
      'At 1s redis fails over to its replica, serving again 500ms later.',
      'At 1s another tenant starts writing 1660 cache keys of 100 bytes into redis, each with a 1m TTL.',
      'At 2s consumer-1 takes 2.5s longer before handling each record for 10s.',
      'At 0ms something-new on x.',
    ]);
  });
});
