import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Nemesis, type FaultPlan } from '../../src/world/nemesis.js';
import { call, type RpcOutcome } from '../../src/world/rpc.js';
import { World } from '../../src/world/world.js';

/** A client calling a server whose handler takes `workMs`; the log records both sides. */
function setup(workMs: number, faults: FaultPlan = []) {
  const sim = new Simulation({ seed: 7 });
  const world = new World(sim, {
    defaultLink: { latency: { kind: 'constant', ms: 10 }, lossProbability: 0 },
  });
  const log: string[] = [];
  const say = (text: string): void => {
    log.push(`${sim.now} ${text}`);
  };
  const server = world.addNode('server');
  world.addNode('client');
  server.serve('work', function* (request) {
    say(`server starts ${String(request)}`);
    yield* sleep(workMs);
    say(`server done ${String(request)}`);
    return `done ${String(request)}`;
  });
  new Nemesis(world).schedule(faults);
  const describeOutcome = (outcome: RpcOutcome<string>): string =>
    outcome.type === 'ok' ? `ok(${outcome.value})` : `${outcome.type}(${outcome.reason})`;
  function* client(request: string, timeoutMs: number): Proc {
    const outcome = yield* call<string>(world, 'client', 'server', 'work', request, { timeoutMs });
    say(`client got ${describeOutcome(outcome)}`);
  }
  const start = (request: string, timeoutMs: number): void => {
    world.node('client').spawn(client(request, timeoutMs), 'caller', { intentId: request });
  };
  return { sim, world, log, start };
}

describe('rpc', () => {
  it('delivers the request, runs the handler, and returns its reply: ok', async () => {
    const { sim, log, start } = setup(5);
    start('a', 100);
    await sim.run();
    expect(log).toEqual(['10 server starts a', '15 server done a', '25 client got ok(done a)']);
  });

  it('a timeout is info: the handler still ran to completion after the caller gave up', async () => {
    const { sim, log, start } = setup(50);
    start('a', 30);
    await sim.run();
    expect(log).toEqual(['10 server starts a', '30 client got info(timeout)', '60 server done a']);
  });

  it('a crashed server refuses: fail, definitely not executed', async () => {
    const { sim, log, start } = setup(5, [{ atMs: 0, fault: { kind: 'crash', node: 'server' } }]);
    start('a', 100);
    await sim.run();
    expect(log).toEqual(['20 client got fail(refused)']);
  });

  it('a crash while handling drops the handler where it waits; the caller gets info', async () => {
    const { sim, log, start } = setup(50, [
      { atMs: 30, fault: { kind: 'crash', node: 'server', restartAfterMs: 5 } },
    ]);
    start('a', 100);
    await sim.run();
    expect(log).toEqual(['10 server starts a', '100 client got info(timeout)']);
  });

  it('a pause delays the handler past the caller timeout; it finishes after resume', async () => {
    const { sim, log, start } = setup(20, [
      { atMs: 15, fault: { kind: 'pause', node: 'server', durationMs: 100 } },
    ]);
    start('a', 50);
    await sim.run();
    expect(log).toEqual(['10 server starts a', '50 client got info(timeout)', '115 server done a']);
  });

  it('a partition that swallows the reply turns a done call into info', async () => {
    const { sim, log, start, world } = setup(20, [
      {
        atMs: 15,
        fault: { kind: 'partition', between: ['server'], and: ['client'], oneWay: true, durationMs: 100 },
      },
    ]);
    start('a', 50);
    await sim.run();
    expect(log).toEqual(['10 server starts a', '30 server done a', '50 client got info(timeout)']);
    const drops = world.sim.trace.all.filter((entry) => entry.type === 'msg.drop');
    expect(drops).toEqual([
      {
        t: 30,
        type: 'msg.drop',
        call: 1,
        from: 'client',
        to: 'server',
        method: 'work',
        intent: 'a',
        leg: 'reply',
        reason: 'partition',
      },
    ]);
  });

  it('a message lost on the way is dropped without telling the sender', async () => {
    const { sim, log, start, world } = setup(5);
    world.network.setLink('client', 'server', { latency: { kind: 'constant', ms: 10 }, lossProbability: 1 });
    start('a', 40);
    await sim.run();
    expect(log).toEqual(['40 client got info(timeout)']);
  });

  it("the handler runs with the caller's causal context", async () => {
    const { sim, world } = setup(0);
    const seen: unknown[] = [];
    world.node('server').serve('whoami', function* () {
      seen.push(sim.current?.context);
      yield* sleep(0);
      return null;
    });
    world.node('client').spawn(
      (function* () {
        yield* call(world, 'client', 'server', 'whoami', null, { timeoutMs: 100 });
      })(),
      'caller',
      { intentId: 'pay-7' },
    );
    await sim.run();
    // servingCall: the handler's own calls are children of call 1.
    expect(seen).toEqual([{ intentId: 'pay-7', servingCall: 1 }]);
  });

  it('a call made by a handler names the call it serves as its parent, and is served in that context', async () => {
    const { sim, world } = setup(0);
    const seen: unknown[] = [];
    world.addNode('backend').serve('work', function* () {
      seen.push(sim.current?.context);
      return null;
    });
    world.node('server').serve('forward', function* () {
      yield* call(world, 'server', 'backend', 'work', null, { timeoutMs: 100 });
      return null;
    });
    world.node('client').spawn(
      (function* () {
        yield* call(world, 'client', 'server', 'forward', null, { timeoutMs: 100 });
      })(),
      'caller',
      { intentId: 'pay-7' },
    );
    await sim.run();
    const calls = sim.trace.all
      .filter((entry) => entry.type === 'rpc.call')
      .map((entry) => `${entry['call']} parent ${entry['parent']}`);
    expect(calls).toEqual(['1 parent null', '2 parent 1']);
    // The caller's intent, with the call it serves replacing the caller's own parent.
    expect(seen).toEqual([{ intentId: 'pay-7', servingCall: 2 }]);
    expect(Object.keys(seen[0] as object)).toEqual(['intentId', 'servingCall']);
  });
});

describe('crash-at', () => {
  it('on reply: the node dies after the work was done elsewhere, before it can use the answer', async () => {
    const { sim, log, start, world } = setup(5, [
      { atMs: 0, fault: { kind: 'crash-at', node: 'client', on: 'reply', peer: 'server', nth: 2 } },
    ]);
    start('a', 100);
    sim.schedule(30, () => start('b', 100));
    await sim.run();
    expect(log).toEqual([
      '10 server starts a',
      '15 server done a',
      '25 client got ok(done a)',
      '40 server starts b',
      '45 server done b',
    ]);
    expect(world.node('client').state).toBe('crashed');
  });

  it('on send: the request never leaves the crashed node', async () => {
    const { sim, log, start, world } = setup(5, [
      {
        atMs: 0,
        fault: { kind: 'crash-at', node: 'client', on: 'send', peer: 'server', restartAfterMs: 50 },
      },
    ]);
    start('a', 100);
    await sim.run();
    expect(log).toEqual([]);
    expect(sim.trace.all.map((entry) => `${entry.t} ${entry.type}`)).toEqual([
      '0 nemesis.crash-at',
      '0 node.crash',
      '0 rpc.call',
      '0 msg.drop',
      '50 node.restart',
    ]);
    expect(world.node('client').state).toBe('up');
  });
});

describe('pause-at', () => {
  it('on reply: the node takes in the answer only when it resumes, even past its timeout', async () => {
    const { sim, log, start, world } = setup(5, [
      {
        atMs: 0,
        fault: { kind: 'pause-at', node: 'client', on: 'reply', peer: 'server', nth: 2, durationMs: 200 },
      },
    ]);
    start('a', 100);
    sim.schedule(30, () => start('b', 100));
    await sim.run();
    // b's reply reached the client at 55; the pause held it, and the timeout due at 130, until 255.
    expect(log).toEqual([
      '10 server starts a',
      '15 server done a',
      '25 client got ok(done a)',
      '40 server starts b',
      '45 server done b',
      '255 client got ok(done b)',
    ]);
    expect(world.node('client').state).toBe('up');
    expect(
      sim.trace.all.filter((entry) => entry.type.startsWith('n')).map((entry) => `${entry.t} ${entry.type}`),
    ).toEqual(['55 nemesis.pause-at', '55 node.pause', '255 node.resume']);
  });

  it('on send: the request leaves when the node resumes, and its work is done then', async () => {
    const { sim, log, start } = setup(5, [
      {
        atMs: 0,
        fault: { kind: 'pause-at', node: 'client', on: 'send', peer: 'server', durationMs: 50 },
      },
    ]);
    start('a', 100);
    await sim.run();
    expect(log).toEqual(['60 server starts a', '65 server done a', '75 client got ok(done a)']);
    expect(sim.trace.all.slice(0, 4).map((entry) => `${entry.t} ${entry.type}`)).toEqual([
      '0 nemesis.pause-at',
      '0 node.pause',
      '50 node.resume',
      '50 rpc.call',
    ]);
  });
});

describe('what the trace says of a call', () => {
  it('a reply that carries an HTTP status names it; a lost request says what it carried', async () => {
    const sim = new Simulation({ seed: 1 });
    const world = new World(sim, {
      defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 },
    });
    world.addNode('server').serve('answer', function* () {
      return { status: 409, body: 'in flight' };
    });
    world.addNode('client');
    world.network.cut(['client'], ['lost']);
    world.addNode('lost');
    world.node('client').spawn(
      (function* () {
        yield* call(world, 'client', 'server', 'answer', null, { timeoutMs: 10 });
        yield* call(world, 'client', 'lost', 'query', null, {
          timeoutMs: 10,
          carries: () => ({ sql: 'SELECT 1', params: null }),
        });
      })(),
      'caller',
      undefined,
    );
    await sim.run();
    const fields = (type: string) => {
      const entry = sim.trace.all.find((candidate) => candidate.type === type);
      return Object.fromEntries(
        Object.entries(entry ?? {}).filter(
          ([field]) => !['t', 'call', 'from', 'to', 'intent'].includes(field),
        ),
      );
    };
    expect(fields('rpc.reply')).toEqual({ type: 'rpc.reply', method: 'answer', status: 409 });
    expect(fields('msg.drop')).toEqual({
      type: 'msg.drop',
      method: 'query',
      leg: 'request',
      reason: 'partition',
      sql: 'SELECT 1',
      params: null,
    });
  });
});

describe('how a call is served', () => {
  it('its handler runs in a process named after the call, and the reply leaves in the step the handler ends', async () => {
    const sim = new Simulation({ seed: 1 });
    const world = new World(sim, {
      defaultLink: { latency: { kind: 'constant', ms: 10 }, lossProbability: 0 },
    });
    const server = world.addNode('server');
    world.addNode('client').serve('ping', function* () {
      return 'pong';
    });
    server.serve('work', function* () {
      yield* sleep(5); // arrived at 10, returns at 15
      return 'done';
    });
    server.serve('fail', function* () {
      yield* sleep(1);
      throw new Error('no such thing');
    });
    // Arranged at 12, after the handler's wake-up for 15: due at the same time, it runs after
    // it, so its call can only come first if the reply waited for an event of its own.
    server.spawn(
      (function* () {
        yield* sleep(12);
        yield* sleep(3);
        yield* call(world, 'server', 'client', 'ping', null, { timeoutMs: 1 });
      })(),
      'neighbour',
      undefined,
    );
    world.node('client').spawn(
      (function* () {
        yield* call(world, 'client', 'server', 'work', null, { timeoutMs: 100 });
        yield* call(world, 'client', 'server', 'fail', null, { timeoutMs: 100 });
      })(),
      'caller',
      undefined,
    );
    const error = await sim.run().catch((caught: unknown) => caught);
    const at15 = sim.trace.all
      .filter((entry) => entry.t === 15)
      .map((entry) => `${entry.type} ${'call' in entry ? entry.call : '-'}`);
    expect(at15).toEqual(['rpc.reply 1', 'rpc.call 2']);
    // The second call of the client is the third call of the run (the neighbour's ping is the second).
    expect((error as Error).message).toBe('process "server:fail#3" threw at t=36ms: no such thing');
  });
});
