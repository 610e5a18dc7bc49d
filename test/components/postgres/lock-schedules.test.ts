/**
 * The locking schedules (test/fixtures/pg-lock-schedules.ts) on the model: every answer and every
 * wait, in order, as PostgreSQL 15 gives them.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { PG_QUERY_METHOD, type PgReply } from '../../../src/components/postgres/pg-protocol.js';
import { PostgresServer } from '../../../src/components/postgres/postgres-server.js';
import { call } from '../../../src/world/rpc.js';
import { World } from '../../../src/world/world.js';
import { LOCK_SCHEDULES, type LockSchedule } from '../../fixtures/pg-lock-schedules.js';

declare module '../../../src/engine/trace.js' {
  interface TraceEvents {
    'test.answer': { readonly text: string };
  }
}

/** Runs a schedule: each session on its own client node, 1 ms links; returns answers and waits in order. */
async function runSchedule(schedule: LockSchedule): Promise<string[]> {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 0 }, lossProbability: 0 } });
  const server = new PostgresServer(world, world.addNode('db'));
  for (const sql of schedule.setup) server.setup(sql);
  const sessions = [...new Set(schedule.steps.map((step) => step.session))];
  for (const session of sessions) {
    const node = world.addNode(session);
    const steps = schedule.steps.filter((step) => step.session === session);
    node.spawn(play(world, session, steps), `${session}/schedule`, undefined);
  }
  await sim.run();
  server.release();
  return sim.trace.all.flatMap((entry) => {
    if (entry.type === 'test.answer') return [String(entry['text'])];
    if (entry.type === 'pg.wait')
      return [`${String(entry['session'] ?? entry['client'])} waits for ${String(entry['on'])}`];
    return [];
  });
}

function* play(world: World, session: string, steps: LockSchedule['steps']): Proc<void> {
  const { sim } = world;
  let inTransaction = false;
  for (const step of steps) {
    if (sim.now < step.atMs) yield* sleep(step.atMs - sim.now);
    // Outside BEGIN ... COMMIT the connection runs each statement as its own transaction.
    if (/^\s*(begin|start)\b/i.test(step.sql)) inTransaction = true;
    const sessionId = inTransaction ? session : null;
    if (/^\s*(commit|rollback|end|abort)\b/i.test(step.sql)) inTransaction = false;
    const request = { sessionId, sql: step.sql, params: step.params ?? [] };
    const outcome = yield* call<PgReply>(world, session, 'db', PG_QUERY_METHOD, request, {
      timeoutMs: 60_000,
    });
    const reply = outcome.type === 'ok' ? outcome.value : undefined;
    const text =
      reply === undefined
        ? 'lost'
        : reply.ok
          ? `${reply.command} ${reply.rowCount} ${JSON.stringify(reply.rows)}`
          : `error ${reply.code}`;
    sim.trace.record(sim.now, 'test.answer', { text: `${session}: ${text}` });
  }
}

describe('locking schedules on the model', () => {
  for (const schedule of LOCK_SCHEDULES) {
    it(schedule.name, async () => {
      expect(await runSchedule(schedule)).toEqual(schedule.expected);
    });
  }
});
