import { describe, expect, it } from 'vitest';
import { makeDatabasePort } from '../../../src/components/postgres/make-database-port.js';
import { PostgresServer } from '../../../src/components/postgres/postgres-server.js';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { World } from '../../../src/world/world.js';

const SCHEMA =
  'create table keys (key text primary key, n int not null, at timestamptz not null default now())';
const INSERT = 'insert into keys (key, n) values ($1, $2)';

/** A world with a recording server `db` and clients `a`, `b`, 1 ms links. */
function recordingWorld() {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const server = new PostgresServer(world, world.addNode('db'));
  server.recordSchedule();
  server.setup(SCHEMA);
  const nodes = { a: world.addNode('a'), b: world.addNode('b') };
  const port = (client: 'a' | 'b') =>
    makeDatabasePort(world, { callerNode: client, serverNode: 'db', timeoutMs: 1000 });
  const start = (client: 'a' | 'b', atMs: number, body: () => Proc<void>) =>
    sim.schedule(atMs, () => {
      nodes[client].spawn(body(), `${client}/test`, undefined);
    });
  return { sim, world, server, port, start };
}

describe('the PostgreSQL schedule recorder', () => {
  it('records statements in arrival order with their answers, a unique-key wait, and a crashed client, then the final rows', async () => {
    const w = recordingWorld();
    w.start('a', 0, () =>
      w.port('a').transaction(function* (tx) {
        yield* tx.query(INSERT, ['k1', 1]);
        yield* sleep(20);
      }),
    );
    w.start('b', 3, function* () {
      try {
        yield* w.port('b').query(INSERT, ['k1', 2]);
      } catch {
        // 23505, recorded as the answer
      }
      yield* w.port('b').transaction(function* (tx) {
        yield* tx.query(INSERT, ['k2', 3]);
        yield* sleep(100);
      });
    });
    w.sim.schedule(60, () => w.world.node('b').crash());
    await w.sim.run();
    const schedule = w.server.schedule();
    expect(schedule).toEqual({
      node: 'db',
      setup: [SCHEMA],
      steps: [
        { kind: 'statement', id: 0, atMs: 1, session: 'a/tx1', sql: 'BEGIN', params: [] },
        { kind: 'answer', id: 0, atMs: 1, answer: { ok: true, rows: [], rowCount: 0, command: 'BEGIN' } },
        { kind: 'statement', id: 1, atMs: 3, session: 'a/tx1', sql: INSERT, params: ['k1', 1] },
        { kind: 'answer', id: 1, atMs: 3, answer: { ok: true, rows: [], rowCount: 1, command: 'INSERT' } },
        { kind: 'statement', id: 2, atMs: 4, session: null, sql: INSERT, params: ['k1', 2] },
        { kind: 'wait', id: 2, atMs: 4, on: 'a/tx1', lock: 'unique key' },
        { kind: 'statement', id: 3, atMs: 25, session: 'a/tx1', sql: 'COMMIT', params: [] },
        { kind: 'answer', id: 3, atMs: 25, answer: { ok: true, rows: [], rowCount: 0, command: 'COMMIT' } },
        { kind: 'answer', id: 2, atMs: 25, answer: { ok: false, code: '23505' } },
        { kind: 'statement', id: 4, atMs: 27, session: 'b/tx1', sql: 'BEGIN', params: [] },
        { kind: 'answer', id: 4, atMs: 27, answer: { ok: true, rows: [], rowCount: 0, command: 'BEGIN' } },
        { kind: 'statement', id: 5, atMs: 29, session: 'b/tx1', sql: INSERT, params: ['k2', 3] },
        { kind: 'answer', id: 5, atMs: 29, answer: { ok: true, rows: [], rowCount: 1, command: 'INSERT' } },
        { kind: 'lost', atMs: 61, session: 'b/tx1', reason: 'client-crash' },
      ],
      final: [{ table: 'keys', rows: [{ key: 'k1', n: 1, at: new Date('2026-01-01T00:00:00.001Z') }] }],
    });
  });

  it('records nothing unless asked', async () => {
    const sim = new Simulation({ seed: 1 });
    const world = new World(sim, {
      defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 },
    });
    const server = new PostgresServer(world, world.addNode('db'));
    server.setup(SCHEMA);
    expect(server.schedule()).toBeUndefined();
  });
});
