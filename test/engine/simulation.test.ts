import { describe, expect, it } from 'vitest';
import { awaitPromise, sleep, wait, waitWithTimeout, type Proc } from '../../src/engine/effects.js';
import { Future } from '../../src/engine/future.js';
import { ProcessGroup, ProcessGuardError } from '../../src/engine/process.js';
import { Simulation } from '../../src/engine/simulation.js';

function setup(): { sim: Simulation; log: string[]; say: (text: string) => void } {
  const sim = new Simulation({ seed: 1 });
  const log: string[] = [];
  return { sim, log, say: (text) => log.push(`${sim.now} ${text}`) };
}

describe('Simulation', () => {
  it('runs equal times in scheduling order and sleeps in virtual time', async () => {
    const { sim, log, say } = setup();
    function* ticker(name: string, periodMs: number): Proc {
      for (let i = 0; i < 3; i++) {
        say(`${name} tick ${i}`);
        yield* sleep(periodMs);
      }
    }
    sim.spawn(ticker('a', 10), { name: 'a' });
    sim.spawn(ticker('b', 5), { name: 'b' });
    sim.spawn(ticker('c', 10), { name: 'c' });
    await sim.run();
    expect(log).toEqual([
      '0 a tick 0',
      '0 b tick 0',
      '0 c tick 0',
      '5 b tick 1',
      // c's wake-up for t=10 was scheduled at t=0, b's at t=5: scheduling order, not name order.
      '10 a tick 1',
      '10 c tick 1',
      '10 b tick 2',
      '20 a tick 2',
      '20 c tick 2',
    ]);
  });

  it('returns typed results through yield* and resolves done futures', async () => {
    const { sim, log, say } = setup();
    function* child(): Proc<number> {
      yield* sleep(7);
      return 42;
    }
    function* parent(): Proc {
      const handle = sim.spawn(child(), { name: 'child' });
      const result = yield* wait(handle.done);
      say(`child returned ${result}`);
    }
    sim.spawn(parent(), { name: 'parent' });
    await sim.run();
    expect(log).toEqual(['7 child returned 42']);
  });

  it('races a future against a timeout: the first to arrive wins, the other is ignored', async () => {
    const { sim, log, say } = setup();
    const early = new Future<string>();
    const late = new Future<string>();
    sim.schedule(3, () => early.resolve('reply'));
    sim.schedule(30, () => late.resolve('late reply'));
    function* caller(name: string, future: Future<string>): Proc {
      const raced = yield* waitWithTimeout(future, 10);
      say(`${name} got ${raced.kind === 'value' ? raced.value : 'timeout'}`);
      yield* sleep(100);
      say(`${name} done`);
    }
    sim.spawn(caller('fast', early), { name: 'fast' });
    sim.spawn(caller('slow', late), { name: 'slow' });
    await sim.run();
    expect(log).toEqual(['3 fast got reply', '10 slow got timeout', '103 fast done', '110 slow done']);
  });

  it('a killed group drops its processes where they wait; no finally block runs', async () => {
    const { sim, log, say } = setup();
    const node = new ProcessGroup('node');
    function* worker(): Proc {
      try {
        say('worker starts');
        yield* sleep(10);
        say('worker finished (must not happen)');
      } finally {
        say('finally ran (must not happen)');
      }
    }
    function* bystander(): Proc {
      yield* sleep(20);
      say('bystander still runs');
    }
    const victim = sim.spawn(worker(), { name: 'worker', group: node });
    sim.spawn(bystander(), { name: 'bystander' });
    sim.schedule(5, () => {
      say('kill node');
      sim.kill(node);
    });
    await sim.run();
    expect(log).toEqual(['0 worker starts', '5 kill node', '20 bystander still runs']);
    expect(victim.alive).toBe(false);
    expect(victim.done.settled).toBe(false);
  });

  it('a frozen group stalls until thawed while time elsewhere moves on', async () => {
    const { sim, log, say } = setup();
    const node = new ProcessGroup('node');
    function* sleeper(): Proc {
      yield* sleep(10);
      say('sleeper wakes');
    }
    function* outside(): Proc {
      yield* sleep(15);
      say('outside runs on time');
    }
    sim.spawn(sleeper(), { name: 'sleeper', group: node });
    sim.spawn(outside(), { name: 'outside' });
    sim.schedule(5, () => sim.freeze(node));
    sim.schedule(50, () => {
      say('thaw');
      sim.thaw(node);
    });
    await sim.run();
    expect(log).toEqual(['15 outside runs on time', '50 thaw', '50 sleeper wakes']);
  });

  it('awaits promise effects inside the step without letting other events interleave', async () => {
    const { sim, log, say } = setup();
    function* usesPromises(): Proc {
      const a = yield* awaitPromise(() => Promise.resolve('a'));
      const b = yield* awaitPromise(async () => {
        await Promise.resolve();
        return 'b';
      });
      say(`got ${a}${b}`);
      try {
        yield* awaitPromise(() => Promise.reject(new Error('refused')));
      } catch (error) {
        say(`caught ${(error as Error).message}`);
      }
      yield* sleep(1);
      say('after sleep');
    }
    function* neighbour(): Proc {
      say('neighbour runs');
    }
    sim.spawn(usesPromises(), { name: 'p' });
    sim.spawn(neighbour(), { name: 'n' });
    await sim.run();
    expect(log).toEqual(['0 got ab', '0 caught refused', '0 neighbour runs', '1 after sleep']);
  });

  it('refuses to step while a promise effect is outstanding', () => {
    const { sim } = setup();
    function* p(): Proc {
      yield* awaitPromise(() => Promise.resolve(1));
    }
    sim.spawn(p(), { name: 'p' });
    sim.spawn(p(), { name: 'q' });
    const first = sim.step();
    expect(first?.awaiting).toBeInstanceOf(Promise);
    expect(() => sim.step()).toThrow(/outstanding/);
  });

  it('children inherit causal context unless given their own', async () => {
    const { sim, log, say } = setup();
    function* leaf(): Proc {
      say(`leaf sees ${JSON.stringify(sim.current?.context)}`);
    }
    function* root(): Proc {
      sim.spawn(leaf(), { name: 'inherits' });
      sim.spawn(leaf(), { name: 'own', context: { intent: 'other' } });
      yield* sleep(0);
    }
    sim.spawn(root(), { name: 'root', context: { intent: 'pay-1' } });
    await sim.run();
    expect(log).toEqual(['0 leaf sees {"intent":"pay-1"}', '0 leaf sees {"intent":"other"}']);
  });

  it('run stops at untilMs and leaves the clock there', async () => {
    const { sim, log, say } = setup();
    function* forever(): Proc {
      for (;;) {
        yield* sleep(10);
        say('tick');
      }
    }
    sim.spawn(forever(), { name: 'forever' });
    await sim.run({ untilMs: 35 });
    expect(log).toEqual(['10 tick', '20 tick', '30 tick']);
    expect(sim.now).toBe(35);
  });

  it('reports a throwing process with its name and time', async () => {
    const { sim } = setup();
    function* broken(): Proc {
      yield* sleep(3);
      throw new Error('boom');
    }
    sim.spawn(broken(), { name: 'broken' });
    await expect(sim.run()).rejects.toThrow('process "broken" threw at t=3ms: boom');
  });

  it('step() says what each event did', () => {
    const { sim } = setup();
    function* p(): Proc {
      yield* sleep(4);
    }
    sim.spawn(p(), { name: 'p' });
    sim.schedule(2, () => undefined, 'tick');
    const steps = [sim.step(), sim.step(), sim.step(), sim.step()];
    expect(steps).toEqual([
      { time: 0, kind: 'resumed', name: 'p' },
      { time: 2, kind: 'called', name: 'tick' },
      { time: 4, kind: 'resumed', name: 'p' },
      undefined,
    ]);
  });
});

describe('waits with a timeout', () => {
  /**
   * An idle long-poll: a broker's "data arrived" future stays unresolved for hours while its
   * consumer's fetch times out every few hundred ms. Each timed-out wait once left its subscriber
   * on the future, so memory grew with the horizon and the final resolve woke a thousand ghosts.
   */
  it('take their subscription back when the timeout wins', () => {
    const { sim } = setup();
    const dataArrived = new Future<string>();
    let timeouts = 0;
    let last = '';
    function* poller(): Proc {
      for (let i = 0; i < 1000; i++) {
        const raced = yield* waitWithTimeout(dataArrived, 1);
        if (raced.kind === 'timeout') timeouts++;
      }
      const raced = yield* waitWithTimeout(dataArrived, 10);
      last = raced.kind;
    }
    sim.spawn(poller(), { name: 'poller' });
    sim.schedule(1005, () => dataArrived.resolve('records'), 'append');
    const kinds: string[] = [];
    for (let step = sim.step(); step !== undefined; step = sim.step()) kinds.push(step.kind);
    expect({ timeouts, last }).toEqual({ timeouts: 1000, last: 'value' });
    // Nothing is left stale: the last wait's own timeout (at 1010, after the data woke it) left
    // the queue when the process woke (see lost-timeouts.test.ts).
    expect(kinds.filter((kind) => kind === 'skipped')).toEqual([]);
  });

  it('still wake on the future when it resolves first', () => {
    const future = new Future<number>();
    const seen: number[] = [];
    const undo = future.subscribe((value) => seen.push(value));
    future.subscribe((value) => seen.push(value * 10));
    future.resolve(4);
    undo();
    expect(seen).toEqual([4, 40]);
    const taken = future.subscribe((value) => seen.push(value + 1));
    taken();
    expect(seen).toEqual([4, 40, 5]);
  });
});

describe('observers', () => {
  it('run at their time among the other events, but never keep a run going', async () => {
    const { sim, log, say } = setup();
    sim.schedule(5, () => say('work'));
    sim.observe(3, () => say('observer at 3'));
    sim.observe(8, () => say('observer at 8'));
    await sim.run();
    // Only the observer at 8 was left after the work at 5: the run ends there, as without it.
    expect({ log, now: sim.now }).toEqual({ log: ['3 observer at 3', '5 work'], now: 5 });
    await sim.run({ untilMs: 10 });
    expect({ log, now: sim.now }).toEqual({ log: ['3 observer at 3', '5 work', '8 observer at 8'], now: 10 });
  });
});

describe('due times', () => {
  it('are rounded to microseconds, and a positive delay always advances time', async () => {
    const sim = new Simulation({ seed: 1 });
    const seen: number[] = [];
    function* waiter(): Proc {
      yield* sleep(6.2);
      yield* sleep(0.005);
      seen.push(sim.now);
      const deadline = sim.now + 1e-9; // a float remainder far below a microsecond
      while (sim.now < deadline) yield* sleep(deadline - sim.now);
      seen.push(sim.now);
    }
    sim.spawn(waiter(), { name: 'waiter' });
    await sim.run({ maxSteps: 10 });
    expect(seen).toEqual([6.205, 6.206]);
  });
});

describe('step() and run()', () => {
  type Say = (text: string) => void;

  /** Every kind of event: sleeps, callbacks, observers, a race, a promise, a freeze and a kill. */
  function busyWorld(sim: Simulation, say: Say): void {
    const node = new ProcessGroup('node');
    const reply = new Future<string>();
    function* worker(): Proc {
      for (let i = 0; ; i++) {
        yield* sleep(4);
        say(`worker tick ${i}`);
      }
    }
    function* caller(name: string, timeoutMs: number): Proc {
      const raced = yield* waitWithTimeout(reply, timeoutMs);
      say(`${name} got ${raced.kind === 'value' ? raced.value : 'timeout'}`);
      const echoed = yield* awaitPromise(() => Promise.resolve(`${name} echo`));
      say(echoed);
    }
    sim.spawn(worker(), { name: 'worker', group: node });
    sim.spawn(caller('patient', 20), { name: 'patient' });
    sim.spawn(caller('hasty', 2), { name: 'hasty' });
    sim.schedule(9, () => reply.resolve('reply'), 'reply');
    sim.schedule(6, () => sim.freeze(node), 'freeze');
    sim.schedule(13, () => sim.thaw(node), 'thaw');
    sim.schedule(22, () => sim.kill(node), 'kill');
    sim.observe(11, () => say('observer at 11'));
    sim.observe(40, () => say('observer at 40'));
  }

  /** The case where a step() loop once ran on to t=8 while run() stopped at t=5. */
  function observerLeftOver(sim: Simulation, say: Say): void {
    sim.schedule(5, () => say('work'));
    sim.observe(3, () => say('observer at 3'));
    sim.observe(8, () => say('observer at 8'));
  }

  async function byStep(build: (sim: Simulation, say: Say) => void) {
    const { sim, log, say } = setup();
    build(sim, say);
    let steps = 0;
    for (let step = sim.step(); step !== undefined; step = sim.step()) {
      steps++;
      if (step.awaiting !== undefined) await step.awaiting;
    }
    return { log, endMs: sim.now, steps };
  }

  async function byRun(build: (sim: Simulation, say: Say) => void) {
    const { sim, log, say } = setup();
    build(sim, say);
    const { steps } = await sim.run();
    return { log, endMs: sim.now, steps };
  }

  it('agree on a busy world: same log, same end time, same number of steps', async () => {
    const stepped = await byStep(busyWorld);
    expect(stepped).toEqual({
      log: [
        '2 hasty got timeout',
        '2 hasty echo',
        '4 worker tick 0',
        '9 patient got reply',
        '9 patient echo',
        '11 observer at 11',
        // Frozen at 6, the worker's wake-up for 8 is held until the thaw at 13.
        '13 worker tick 1',
        '17 worker tick 2',
        '21 worker tick 3',
      ],
      // The killed worker's last wake-up (25) still takes a step, skipped, as does every stale one.
      endMs: 25,
      // 16: the hasty wait that timed out at 2 no longer leaves a stale wake-up for its future,
      // and the patient one's timeout (at 20), which lost to the reply, leaves the queue at once.
      steps: 16,
    });
    expect(await byRun(busyWorld)).toEqual(stepped);
  });

  it('agree when only an observer is left: both stop at the last real event', async () => {
    const stepped = await byStep(observerLeftOver);
    expect(stepped).toEqual({ log: ['3 observer at 3', '5 work'], endMs: 5, steps: 2 });
    expect(await byRun(observerLeftOver)).toEqual(stepped);
  });

  it('stopWhen stops before the next event once it holds, the clock at the last event run', async () => {
    const { sim, log, say } = setup();
    function* ticker(): Proc {
      for (let i = 0; i < 10; i++) {
        say(`tick ${i}`);
        yield* sleep(10);
      }
    }
    sim.spawn(ticker(), { name: 'ticker' });
    const first = await sim.run({ untilMs: 1000, stopWhen: () => log.length === 3 });
    const again = await sim.run({ untilMs: 1000, stopWhen: () => log.length === 3 });
    expect({ log, now: sim.now, first, again }).toEqual({
      log: ['0 tick 0', '10 tick 1', '20 tick 2'],
      now: 20,
      first: { steps: 3 },
      again: { steps: 0 },
    });
  });

  describe('guards', () => {
    it('stops a process that sleeps 0 ms forever, naming it, once it passes its budget per virtual ms', async () => {
      const sim = new Simulation({ seed: 1, resumesPerMsMax: 100 });
      function* spinner(): Proc {
        yield* sleep(5);
        for (;;) yield* sleep(0);
      }
      sim.spawn(spinner(), { name: 'spinner' });
      const error = await sim.run().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProcessGuardError);
      expect((error as ProcessGuardError).process.name).toBe('spinner');
      expect((error as Error).message).toBe(
        'process "spinner" at t=5ms: resumed more than 100 times within one virtual millisecond (an endless zero-length sleep?)',
      );
    });

    it('lets a process resume up to its budget in every virtual millisecond', async () => {
      const sim = new Simulation({ seed: 1, resumesPerMsMax: 3 });
      function* busy(): Proc {
        for (let ms = 0; ms < 5; ms++) {
          yield* sleep(0);
          yield* sleep(0);
          yield* sleep(1);
        }
      }
      sim.spawn(busy(), { name: 'busy' });
      expect(await sim.run()).toEqual({ steps: 16 });
    });

    it.each([
      [42, 'yielded number 42, which is not an effect'],
      [null, 'yielded null, which is not an effect'],
      ['x', 'yielded the string "x", which is not an effect'],
      [{ kind: 'charge' }, 'yielded an object of kind "charge", which is not an effect'],
      [{ ms: 1 }, 'yielded an object without a kind, which is not an effect'],
      [
        { kind: 'sleep', ms: -1 },
        'yielded a malformed sleep effect: delay must be a non-negative number of ms, got -1',
      ],
    ])('stops a process that yields %j instead of an effect', async (value, reason) => {
      const sim = new Simulation({ seed: 1 });
      function* wrong(): Generator<unknown, void, unknown> {
        yield* sleep(2);
        yield value;
      }
      sim.spawn(wrong() as Proc, { name: 'wrong' });
      const error = await sim.run().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProcessGuardError);
      expect((error as ProcessGuardError).reason).toBe(reason);
      expect((error as ProcessGuardError).timeMs).toBe(2);
    });

    it('abort() ends the run after the step in progress, with the given error', async () => {
      const sim = new Simulation({ seed: 1 });
      const log: number[] = [];
      function* ticker(): Proc {
        for (;;) {
          log.push(sim.now);
          if (sim.now === 20) sim.abort(new Error('enough'));
          yield* sleep(10);
        }
      }
      sim.spawn(ticker(), { name: 'ticker' });
      await expect(sim.run()).rejects.toThrow('enough');
      expect(log).toEqual([0, 10, 20]);
    });
  });
});

describe('dead wake-ups', () => {
  /**
   * A call a millisecond, each answered 2 ms later and raced against a 60 s timeout: every
   * timeout loses, and kept they would pile up, 60,000 of them a minute.
   */
  function callers(sim: Simulation, log: string[], calls: number): void {
    function* caller(index: number): Proc {
      const reply = new Future<number>();
      sim.schedule(2, () => reply.resolve(index));
      const raced = yield* waitWithTimeout(reply, 60_000);
      if (raced.kind !== 'value' || raced.value !== index || sim.now !== index + 2)
        log.push(`${sim.now} caller ${index} got ${JSON.stringify(raced)}`);
    }
    function* arrivals(): Proc {
      for (let index = 0; index < calls; index++) {
        sim.spawn(caller(index), { name: `caller ${index}` });
        yield* sleep(1);
      }
    }
    sim.spawn(arrivals(), { name: 'arrivals' });
  }

  it('are dropped as they pile up: the live events run as before, and the queue stays short', async () => {
    const sim = new Simulation({ seed: 1 });
    const log: string[] = [];
    callers(sim, log, 50_000);
    let longest = 0;
    for (;;) {
      const { steps } = await sim.run({ maxSteps: 1000 });
      longest = Math.max(longest, sim.queued);
      if (steps < 1000) break;
    }
    expect({ log, longest: longest < 8192, queued: sim.queued }).toEqual({
      log: [],
      longest: true,
      queued: 0,
    });
  });
});
