/**
 * Cost per simulated SQL statement, before and after binding parameters into parsed trees,
 * measured in the same run so the ratio survives a noisy machine.
 *
 * - pg-mem alone, on the statements a claim-first strategy sends (claim, read, complete), each
 *   with a new key: SQL text with the values pasted in (what pg-mem's node-postgres adapter does:
 *   every text is new, so every statement is parsed), the same text every time (pg-mem's parse
 *   cache hits: the floor the brief quotes), and this component's way (parse each text once, bind
 *   values into the tree).
 * - End to end: the same strategy and a check-then-insert transaction, with concurrent
 *   duplicates, through the world and the PostgresServer, handing statements to pg-mem as text
 *   (before) or as bound trees (after). Wall time per statement the clients sent, and how many
 *   statements pg-mem ran per statement sent (conflict probes, replays).
 */
import { performance } from 'node:perf_hooks';
import { newDb } from 'pg-mem';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { World } from '../../src/world/world.js';
import type { DatabasePort, Queryable } from '../../src/components/postgres/database-port.js';
import { makeDatabasePort } from '../../src/components/postgres/make-database-port.js';
import { MemDatabase, type MemDatabaseOptions } from '../../src/components/postgres/mem-database.js';
import { PostgresServer } from '../../src/components/postgres/postgres-server.js';
import { StatementCache, type BoundStatement } from '../../src/components/postgres/statement-cache.js';

const SCHEMA = `create table payments (key text primary key, status text not null, response text,
  created_at timestamptz not null default now())`;
/** 1000 rows already there, so lookups go through a real index. */
const SEED = `insert into payments (key, status) values ${Array.from({ length: 1000 }, (_, i) => `('seed-${i}', 'done')`).join(', ')}`;
const CLAIM = 'insert into payments (key, status) values ($1, $2) on conflict (key) do nothing returning key';
const READ = 'select status, response from payments where key = $1';
const COMPLETE = 'update payments set status = $2, response = $3 where key = $1';

/** Bumped per measurement, so that no two measurements send the same text (pg-mem's parse cache is global). */
let measurement = 0;

function mix(index: number, salt: number): Array<[string, unknown[]]> {
  const key = `key-${salt}-${index}`;
  return [
    [CLAIM, [key, 'in-progress']],
    [READ, [key]],
    [COMPLETE, [key, 'done', `{"charge":"ch_${index}"}`]],
  ];
}

/** Pastes values into the text as pg-mem's node-postgres adapter does. */
function pasted(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(params[Number(n) - 1]).replace(/'/g, "''")}'`);
}

function microsPerStatement(rounds: number, run: (index: number) => number): number {
  let statements = 0;
  const started = performance.now();
  for (let index = 0; index < rounds; index++) statements += run(index);
  return ((performance.now() - started) * 1000) / statements;
}

function pgMemOnly(rounds: number): { textNew: number; textSame: number; bound: number } {
  const salt = ++measurement;
  const textDb = newDb();
  textDb.public.none(`${SCHEMA}; ${SEED}`);
  const textNew = microsPerStatement(rounds, (index) => {
    for (const [sql, params] of mix(index, salt)) textDb.public.query(pasted(sql, params));
    return 3;
  });
  const textSame = microsPerStatement(rounds, () => {
    for (const [sql, params] of mix(-1, salt)) textDb.public.query(pasted(sql, params));
    return 3;
  });
  const mem = new MemDatabase();
  mem.setup(`${SCHEMA}; ${SEED}`, 0);
  const cache = new StatementCache();
  const bound = microsPerStatement(rounds, (index) => {
    for (const [sql, params] of mix(index, salt)) {
      const statement = cache.bind(sql, params) as BoundStatement;
      mem.execute(statement, statement.ast, 0);
    }
    return 3;
  });
  return { textNew, textSame, bound };
}

interface EndToEnd {
  readonly micros: number;
  readonly statements: number;
  readonly executionsPerStatement: number;
}

/** Clients on 20 nodes; every 5th payment is submitted twice, 1 ms apart, by another client. */
async function endToEnd(options: MemDatabaseOptions, payments: number): Promise<EndToEnd> {
  const sim = new Simulation({ seed: 7, trace: false });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const server = new PostgresServer(world, world.addNode('db'), options);
  server.setup(`${SCHEMA}; ${SEED}`);
  const ports: DatabasePort[] = [];
  for (let client = 0; client < 20; client++) {
    const name = `svc-${client}`;
    world.addNode(name);
    ports.push(makeDatabasePort(world, { callerNode: name, serverNode: 'db', timeoutMs: 5000 }));
  }
  const salt = ++measurement;
  let statements = 0;
  const count = (): void => void statements++;
  for (let index = 0; index < payments; index++) {
    const submits = index % 5 === 0 ? [0, 1] : [0];
    for (const delayMs of submits) {
      const db = counting(ports[(index + delayMs * 7) % ports.length] as DatabasePort, count);
      const key = `p-${salt}-${index}`;
      const body = index % 2 === 0 ? claimFirst(db, key) : checkThenInsert(db, key);
      sim.schedule(index * 3 + delayMs, () => void sim.spawn(swallow(body), { name: 'payment' }));
    }
  }
  const started = performance.now();
  await sim.run();
  const micros = ((performance.now() - started) * 1000) / statements;
  return { micros, statements, executionsPerStatement: server.executions / statements };
}

/** The port, counting every statement sent (BEGIN and COMMIT included). */
function counting(db: DatabasePort, count: () => void): DatabasePort {
  const countQueries = (queryable: Queryable): Queryable => ({
    query: (sql, params) => {
      count();
      return queryable.query(sql, params);
    },
  });
  return {
    ...countQueries(db),
    transaction: (body) => {
      count();
      count();
      return db.transaction((tx) => body(countQueries(tx)));
    },
  };
}

function* claimFirst(db: DatabasePort, key: string): Proc<void> {
  const claim = yield* db.query(CLAIM, [key, 'in-progress']);
  if (claim.rowCount === 0) {
    yield* db.query(READ, [key]);
    return;
  }
  yield* sleep(20);
  yield* db.query(COMPLETE, [key, 'done', '{"charge":"ch"}']);
}

function checkThenInsert(db: DatabasePort, key: string): Proc<void> {
  return db.transaction(function* (tx) {
    const found = yield* tx.query(READ, [key]);
    if (found.rowCount > 0) return;
    yield* sleep(20);
    yield* tx.query('insert into payments (key, status, response) values ($1, $2, $3)', [key, 'done', '{}']);
  });
}

function* swallow(body: Proc<void>): Proc<void> {
  try {
    yield* body;
  } catch {
    // The losers' 23505s are part of the workload.
  }
}

/** The fastest of `times` runs: on a shared machine, the least disturbed. */
async function fastest<T extends object>(times: number, measure: () => T | Promise<T>, by: (result: T) => number): Promise<T> {
  let best: T | undefined;
  for (let i = 0; i < times; i++) {
    const result = await measure();
    if (best === undefined || by(result) < by(best)) best = result;
  }
  return best as T;
}

export async function benchPostgres(): Promise<string[]> {
  const trials = [pgMemOnly(200), pgMemOnly(200)];
  const micro = {
    textNew: Math.min(...trials.map((trial) => trial.textNew)),
    textSame: Math.min(...trials.map((trial) => trial.textSame)),
    bound: Math.min(...trials.map((trial) => trial.bound)),
  };
  const before = await fastest(2, () => endToEnd({ handOver: 'text' }, 300), (r) => r.micros);
  const after = await fastest(2, () => endToEnd({}, 300), (r) => r.micros);
  const us = (value: number): string => `${value.toFixed(0)} us`;
  const times = (slow: number, fast: number): string => `${(slow / fast).toFixed(1)}x faster`;
  const runs = (result: EndToEnd): string => `${result.executionsPerStatement.toFixed(2)} pg-mem runs each`;
  return [
    'postgres (pg-mem 3.0.14), cost per SQL statement:',
    `  pg-mem alone, values pasted into new text (parsed each time):  ${us(micro.textNew)}`,
    `  pg-mem alone, identical text (its parse cache hits):           ${us(micro.textSame)}`,
    `  pg-mem alone, parsed once, values bound into the tree (after): ${us(micro.bound)}` +
      `  (${times(micro.textNew, micro.bound)} than new text)`,
    `  simulated, end to end, text handed to pg-mem (before): ${us(before.micros)} per statement, ${runs(before)}`,
    `  simulated, end to end, bound trees (after):            ${us(after.micros)} per statement, ${runs(after)}` +
      `  (${times(before.micros, after.micros)}; ${after.statements} statements)`,
  ];
}
