/**
 * Trace events are one typed union shared by their writers and their readers (engine/trace.ts):
 * a misspelt kind or field fails to compile on either side. The `@ts-expect-error` lines are the
 * test: `npm run typecheck` fails if any of them compiles (an unused directive is an error), so
 * loosening the types back to free-form records breaks the build, not a story.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { serializeTrace, type TraceEvent, type TraceValue } from '../../src/engine/trace.js';
import { execWords } from '../../src/report/story-exec.js';

/** Every field value of every kind, whichever layer declared it. */
type FieldValue<E> = E extends unknown ? E[keyof E] : never;

/** A reader, as the story renderers read: narrow on `type`, then read typed fields. */
function chargeOf(entry: TraceEvent): string | undefined {
  return entry.type === 'psp.charge' ? entry.charge : undefined;
}

describe('trace events', () => {
  it('records what a writer gives, in the order it gives it, as one JSON object per line', () => {
    const sim = new Simulation({ seed: 1 });
    sim.trace.record(0, 'node.crash', { node: 'service-1' });
    sim.trace.record(1, 'psp.charge', { charge: 'ch_1', intent: 'pay-01', amount: 1000, call: 7 });
    expect(serializeTrace(sim.trace.all)).toBe(
      [
        '{"t":0,"type":"node.crash","node":"service-1"}',
        '{"t":1,"type":"psp.charge","charge":"ch_1","intent":"pay-01","amount":1000,"call":7}',
      ].join('\n'),
    );
    expect(sim.trace.all.map(chargeOf)).toEqual([undefined, 'ch_1']);
  });

  it('a writer with a misspelt kind or field, or a missing field, does not compile', () => {
    const sim = new Simulation({ seed: 1, trace: false });
    // @ts-expect-error: the field is `node`, not `nod`
    sim.trace.record(0, 'node.crash', { nod: 'service-1' });
    // @ts-expect-error: no such kind
    sim.trace.record(0, 'node.crashed', { node: 'service-1' });
    // @ts-expect-error: psp.charge's `amount` is missing
    sim.trace.record(0, 'psp.charge', { charge: 'ch_1', intent: 'pay-01', call: 7 });
    // @ts-expect-error: a field of another layer's kind: rpc.call names no `node`
    sim.trace.record(0, 'rpc.call', { call: 1, from: 'a', to: 'b', method: 'm', intent: null, node: 'a' });
    expect(sim.trace.length).toBe(0);
  });

  it('a reader of a misspelt field, or of a field its kind lacks, does not compile', () => {
    const misread = (entry: TraceEvent): unknown => {
      if (entry.type === 'psp.charge') {
        // @ts-expect-error: psp.charge has `charge`, not `chargeId`
        return entry.chargeId;
      }
      // @ts-expect-error: not narrowed: most kinds have no `command`
      return entry.command;
    };
    const exec: TraceEvent = {
      t: 3,
      type: 'redis.exec',
      node: 'redis',
      call: 2,
      command: 'GET k',
      reply: 'nil',
    };
    expect(misread(exec)).toBe('GET k');
    // The story's readers take only the kinds they can tell.
    // @ts-expect-error: execWords takes what a store ran (redis.exec, pg.exec, kafka.append, kafka.dedup)
    const crash = execWords({ t: 0, type: 'node.crash', node: 'redis' }, 'service-1', 'redis');
    expect(crash).toBeUndefined(); // had it compiled, the story would have had nothing to say
    expect(execWords(exec, 'service-1', 'redis').text).toBe("redis runs service-1's GET k -> nil");
  });

  it('every field of every kind is a JSON value', () => {
    const anyField = (value: FieldValue<TraceEvent>): TraceValue | undefined => value;
    expect(anyField('x')).toBe('x');
  });
});
