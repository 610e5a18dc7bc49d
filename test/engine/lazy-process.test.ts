/**
 * What a process makes only when asked (its name, its done future) and the listener a wait with
 * a timeout leaves on its future: speed-ups of process.ts, future.ts and simulation.ts that must
 * not show.
 */
import { describe, expect, it } from 'vitest';
import { sleep, waitWithTimeout, type Proc } from '../../src/engine/effects.js';
import { Future } from '../../src/engine/future.js';
import { ProcessError } from '../../src/engine/process.js';
import { Simulation } from '../../src/engine/simulation.js';

function* answer(value: string, afterMs: number): Proc<string> {
  yield* sleep(afterMs);
  return value;
}

describe('a process', () => {
  it('resolves its done future with its result, whether asked for before or after it ended', async () => {
    const sim = new Simulation({ seed: 1 });
    const early = sim.spawn(answer('early', 5), { name: 'early' });
    const late = sim.spawn(answer('late', 5), { name: 'late' });
    const seen: string[] = [];
    early.done.subscribe((value) => seen.push(`${sim.now} ${value}`));
    await sim.run();
    expect(seen).toEqual(['5 early']);
    expect(late.done.settled).toBe(true);
    expect(late.done.value).toBe('late');
  });

  it('builds a lazy name only when something reads it, and errors name the process by it', async () => {
    const sim = new Simulation({ seed: 1 });
    let built = 0;
    const name = {
      describe: () => {
        built++;
        return 'server:work#7';
      },
    };
    sim.spawn(answer('fine', 1), { name });
    await sim.run();
    expect(built).toBe(0);
    function* failing(): Proc {
      yield* sleep(1);
      throw new Error('boom');
    }
    const failed = sim.spawn(failing(), { name });
    const error = await sim.run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProcessError);
    expect((error as ProcessError).message).toBe('process "server:work#7" threw at t=2ms: boom');
    expect(failed.name).toBe('server:work#7');
    expect(built).toBe(1);
  });
});

describe("a process's finish listener", () => {
  it('is told the result in the step the body ends, before the subscribers of done', async () => {
    const sim = new Simulation({ seed: 1 });
    const process = sim.spawn(answer('result', 5), { name: 'worker' });
    const seen: string[] = [];
    process.onFinish({ notify: (value) => seen.push(`${sim.now} listener ${value}`) });
    process.done.subscribe((value) => seen.push(`${sim.now} done ${value}`));
    await sim.run({ untilMs: 1 }); // the process now sleeps until 5
    sim.schedule(4, () => seen.push(`${sim.now} next event`)); // due at 5 too, after its wake-up
    await sim.run();
    expect(seen).toEqual(['5 listener result', '5 done result', '5 next event']);
  });

  it('is one, set before the process runs or is waited on, so it always comes first', async () => {
    const sim = new Simulation({ seed: 1 });
    const listener = { notify: (): void => {} };
    const waitedOn = sim.spawn(answer('a', 5), { name: 'waited-on' });
    void waitedOn.done;
    expect(() => waitedOn.onFinish(listener)).toThrow(/onFinish/);
    const twice = sim.spawn(answer('b', 5), { name: 'twice' });
    twice.onFinish(listener);
    expect(() => twice.onFinish(listener)).toThrow(/onFinish/);
    const running = sim.spawn(answer('c', 5), { name: 'running' });
    sim.step();
    sim.step();
    sim.step();
    expect(() => running.onFinish(listener)).toThrow(/onFinish/);
  });
});

describe('a wait with a timeout', () => {
  it('takes its listener back from a future that never resolves, however often it times out', async () => {
    const sim = new Simulation({ seed: 1 });
    const never = new Future<string>();
    const other = new Future<string>();
    function* longPoll(): Proc {
      for (let poll = 0; poll < 100; poll++) yield* waitWithTimeout(never, 10);
    }
    const seen: string[] = [];
    function* waiter(): Proc {
      const raced = yield* waitWithTimeout(other, 5000);
      seen.push(`${sim.now} ${raced.kind === 'value' ? raced.value : 'timeout'}`);
    }
    sim.spawn(longPoll(), { name: 'poller' });
    sim.spawn(waiter(), { name: 'waiter' });
    await sim.run({ untilMs: 1500 });
    // Private, read for this test: nothing is left listening to the never-resolved future.
    expect(Reflect.get(never, 'first')).toBeUndefined();
    expect(Reflect.get(never, 'others') ?? []).toEqual([]);
    // A future with a listener still takes plain subscribers, and wakes its waiter when resolved.
    other.subscribe((value) => seen.push(`${sim.now} subscriber ${value}`));
    other.resolve('ready');
    await sim.run();
    expect(seen).toEqual(['1500 subscriber ready', '1500 ready']);
  });
});

describe('a future', () => {
  it('calls its subscribers in the order they came, less those taken back', () => {
    const future = new Future<number>();
    const calls: string[] = [];
    const listener = (name: string) => ({ notify: (value: number) => calls.push(`${name} ${value}`) });
    const [a, b, c] = [listener('a'), listener('b'), listener('c')];
    future.listen(a);
    const undoD = future.subscribe((value) => calls.push(`d ${value}`));
    future.listen(b);
    future.listen(c);
    future.unlisten(a); // the first: the next in line takes its place
    future.unlisten(c);
    future.listen(a);
    undoD();
    future.resolve(1);
    future.listen(c); // resolved: called at once
    expect(calls).toEqual(['b 1', 'a 1', 'c 1']);
  });
});
