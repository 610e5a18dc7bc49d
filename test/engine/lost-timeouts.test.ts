/**
 * A wait with a timeout whose future wins takes its timeout out of the queue at once: every RPC's
 * caller waits this way, and a dead timeout left in the heap made it deeper for seconds of
 * virtual time and then took a pop of its own. The live events must run exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { sleep, waitWithTimeout, type Proc } from '../../src/engine/effects.js';
import { Future } from '../../src/engine/future.js';
import { ProcessGroup } from '../../src/engine/process.js';
import { Simulation } from '../../src/engine/simulation.js';

describe('a timeout that lost its race', () => {
  it('leaves the queue when the reply wins, so RPC-like waits leave nothing behind', async () => {
    const sim = new Simulation({ seed: 1 });
    const answered: number[] = [];
    // A call every millisecond, answered 2 ms later, raced against a 30 s timeout: kept, 1000
    // dead timeouts would sit in the queue (below the size at which compaction starts).
    function* caller(index: number): Proc {
      const reply = new Future<number>();
      sim.schedule(2, () => reply.resolve(index));
      const raced = yield* waitWithTimeout(reply, 30_000);
      if (raced.kind === 'value') answered.push(raced.value);
    }
    function* arrivals(): Proc {
      for (let index = 0; index < 1000; index++) {
        sim.spawn(caller(index), { name: `caller ${index}` });
        yield* sleep(1);
      }
    }
    sim.spawn(arrivals(), { name: 'arrivals' });
    let longest = 0;
    const kinds = new Set<string>();
    for (let step = sim.step(); step !== undefined; step = sim.step()) {
      kinds.add(step.kind);
      longest = Math.max(longest, sim.queued);
    }
    expect({ answered: answered.length, longest: longest <= 8, kinds: [...kinds].sort() }).toEqual({
      answered: 1000,
      longest: true,
      // No step is spent skipping a dead timeout, and the run ends at the last reply.
      kinds: ['called', 'resumed'],
    });
    expect(sim.now).toBe(1001);
  });

  it('leaves equal-time events in scheduling order when timeouts leave from the middle', async () => {
    const sim = new Simulation({ seed: 1 });
    const log: string[] = [];
    const replies = Array.from({ length: 12 }, () => new Future<string>());
    // Waits with timeouts of different lengths, all answered at 5, interleaved with sleepers and
    // callbacks due at 5 and at the timeouts' own times: every removal happens among entries of
    // equal times, which only their sequence numbers order.
    function* waiter(index: number): Proc {
      const raced = yield* waitWithTimeout(replies[index] as Future<string>, 5 + (index % 4));
      log.push(`${sim.now} waiter ${index} ${raced.kind}`);
      yield* sleep(index % 3);
      log.push(`${sim.now} waiter ${index} after`);
    }
    function* sleeper(index: number): Proc {
      yield* sleep(5 + (index % 4));
      log.push(`${sim.now} sleeper ${index}`);
    }
    for (let index = 0; index < 12; index++) {
      sim.spawn(waiter(index), { name: `waiter ${index}` });
      sim.spawn(sleeper(index), { name: `sleeper ${index}` });
      sim.schedule(5 + (index % 2), () => log.push(`${sim.now} callback ${index}`));
    }
    // All answered at 5, by a callback scheduled before any timeout: waiters 0, 4 and 8 time out
    // at 5 anyway (their timeouts were due at 5 before the answers' wake-ups were made); the
    // others' timeouts, due at 6 to 8, lose, and leave the queue from among equal times.
    sim.schedule(5, () => {
      for (const [index, reply] of replies.entries()) reply.resolve(`reply ${index}`);
    });
    await sim.run();
    // What the engine gave before timeouts left the queue early: (time, seq), nothing else.
    expect(log).toEqual([
      '5 callback 0',
      '5 callback 2',
      '5 callback 4',
      '5 callback 6',
      '5 callback 8',
      '5 callback 10',
      '5 waiter 0 timeout',
      '5 sleeper 0',
      '5 waiter 4 timeout',
      '5 sleeper 4',
      '5 waiter 8 timeout',
      '5 sleeper 8',
      '5 waiter 1 value',
      '5 waiter 2 value',
      '5 waiter 3 value',
      '5 waiter 5 value',
      '5 waiter 6 value',
      '5 waiter 7 value',
      '5 waiter 9 value',
      '5 waiter 10 value',
      '5 waiter 11 value',
      '5 waiter 0 after',
      '5 waiter 3 after',
      '5 waiter 6 after',
      '5 waiter 9 after',
      '6 callback 1',
      '6 callback 3',
      '6 callback 5',
      '6 callback 7',
      '6 callback 9',
      '6 callback 11',
      '6 sleeper 1',
      '6 sleeper 5',
      '6 sleeper 9',
      '6 waiter 4 after',
      '6 waiter 1 after',
      '6 waiter 7 after',
      '6 waiter 10 after',
      '7 sleeper 2',
      '7 sleeper 6',
      '7 sleeper 10',
      '7 waiter 8 after',
      '7 waiter 2 after',
      '7 waiter 5 after',
      '7 waiter 11 after',
      '8 sleeper 3',
      '8 sleeper 7',
      '8 sleeper 11',
    ]);
  });

  /**
   * Why the timeout leaves when the process resumes, not when the reply arrives: a reply that
   * comes while the process is frozen is held, and a thaw at the timeout's own time re-queues it
   * behind the timeout, which then wins. Taken out at the reply, that timeout would be lost.
   */
  it('still wins when a freeze held the earlier reply until the timeout was due', async () => {
    const sim = new Simulation({ seed: 1 });
    const node = new ProcessGroup('node');
    const reply = new Future<string>();
    const seen: string[] = [];
    // Scheduled first, the thaw at 10 runs before the timeout due at 10.
    sim.schedule(10, () => sim.thaw(node), 'thaw');
    sim.schedule(3, () => sim.freeze(node), 'freeze');
    sim.schedule(5, () => reply.resolve('reply'), 'reply');
    function* caller(): Proc {
      const raced = yield* waitWithTimeout(reply, 10);
      seen.push(`${sim.now} ${raced.kind}`);
    }
    sim.spawn(caller(), { name: 'caller', group: node });
    await sim.run();
    expect(seen).toEqual(['10 timeout']);
  });
});
