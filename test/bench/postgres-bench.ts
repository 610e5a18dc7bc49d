/**
 * Cost per simulated SQL statement and per run, step by step, measured in the same process with
 * the variants alternated, so the ratios survive a noisy machine.
 *
 * - pg-mem alone, on the statements a claim-first strategy sends (claim, read, complete), each
 *   with a new key: SQL text with the values pasted in (what pg-mem's node-postgres adapter does:
 *   every text is new, so every statement is parsed and compiled), the same text every time
 *   (pg-mem's parse cache hits, it still compiles), parsed once with values bound into the tree
 *   (compiled every time: `reuse: false`), and compiled once per database (values live, the
 *   default; pg-mem-speed-ups/live-values.ts).
 * - End to end: the same strategy and a check-then-insert transaction, with concurrent
 *   duplicates, through the world and the PostgresServer. Wall time per statement the clients
 *   sent, how many statements pg-mem ran and compiled per statement sent (conflict probes,
 *   replays, the literal compiles of values no row needed).
 * - Per run: what a comparison pays for each db run before and besides its traffic: a new world,
 *   server, the strategy's CREATE TABLE and ten statements, then the database handed back.
 */
import { performance } from 'node:perf_hooks';
import { newDb } from 'pg-mem';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { Simulation } from '../../src/engine/simulation.js';
import { World } from '../../src/world/world.js';
import type { DatabasePort, Queryable } from '../../src/components/port/database-port.js';
import { makeDatabasePort } from '../../src/components/postgres/make-database-port.js';
import { MemDatabase, type MemDatabaseOptions } from '../../src/components/postgres/mem-database.js';
import { PostgresServer } from '../../src/components/postgres/postgres-server.js';
import {
  StatementCache,
  type BoundStatement,
} from '../../src/components/postgres/pg-mem-speed-ups/statement-cache.js';

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

interface PgMemAlone {
  readonly textNew: number;
  readonly textSame: number;
  readonly bound: number;
  /** Compiled once per database, every key new. */
  readonly reusedNewKeys: number;
  /** The same, every key seen before (a retry, or the same payment in a comparison's next run). */
  readonly reusedSameKeys: number;
}

function pgMemAlone(rounds: number): PgMemAlone {
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
  const bound = boundMicros({ reuse: false }, rounds, salt, false);
  const [reusedNewKeys, reusedSameKeys] = [
    boundMicros({}, rounds, salt, false),
    boundMicros({}, rounds, salt, true),
  ];
  return { textNew, textSame, bound, reusedNewKeys, reusedSameKeys };
}

/**
 * Through MemDatabase: parsed once; compiled every time, or once per database. With `sameKeys`, an
 * earlier run on the database (handed back and taken again) already sent these keys.
 */
function boundMicros(options: MemDatabaseOptions, rounds: number, salt: number, sameKeys: boolean): number {
  const cache = new StatementCache();
  const pass =
    (mem: MemDatabase) =>
    (index: number): number => {
      for (const [sql, params] of mix(index, salt)) {
        const statement = cache.bind(sql, params) as BoundStatement;
        mem.execute(statement, 'statement', 0);
      }
      return 3;
    };
  const database = (): MemDatabase => {
    const mem = new MemDatabase(options);
    mem.setup(`${SCHEMA}; ${SEED}`, 0);
    return mem;
  };
  if (sameKeys) {
    const earlier = database();
    for (let index = 0; index < rounds; index++) pass(earlier)(index);
    earlier.release();
  }
  const mem = database();
  pass(mem)(-2); // pg-mem's first-use coverage check, and learning which values go live
  pass(mem)(-3);
  const micros = microsPerStatement(rounds, pass(mem));
  mem.release();
  return micros;
}

interface EndToEnd {
  readonly micros: number;
  readonly statements: number;
  readonly executionsPerStatement: number;
  readonly compilationsPerStatement: number;
}

/**
 * Clients on 20 nodes; every 5th payment is submitted twice, 1 ms apart, by another client. Keys
 * are new unless `salt` repeats an earlier run's (as a comparison's next seed sends the same keys).
 */
async function endToEnd(
  options: MemDatabaseOptions,
  payments: number,
  salt = ++measurement,
): Promise<EndToEnd> {
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
  server.release();
  const perStatement = {
    executionsPerStatement: server.executions / statements,
    compilationsPerStatement: server.compilations / statements,
  };
  return { micros, statements, ...perStatement };
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

/**
 * A db run's cost besides its traffic, in ms: a new world and server, the CREATE TABLE a strategy
 * sends at setup, and ten statements for the first payments (each compiled, unless reused), then
 * the database handed back as a run's end does.
 */
async function perRunMs(options: MemDatabaseOptions, runs: number): Promise<number> {
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    const sim = new Simulation({ seed: run, trace: false });
    const world = new World(sim, {
      defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 },
    });
    const server = new PostgresServer(world, world.addNode('db'), options);
    world.addNode('svc');
    const db = makeDatabasePort(world, { callerNode: 'svc', serverNode: 'db', timeoutMs: 5000 });
    sim.spawn(
      (function* () {
        yield* db.query(SCHEMA);
        for (let index = 0; index < 3; index++) yield* claimFirst(db, `run-${run % 7}-${index}-${sim.now}`);
        yield* db.query(READ, ['absent']);
      })(),
      { name: 'run' },
    );
    await sim.run();
    server.release();
  }
  return (performance.now() - started) / runs;
}

export async function benchPostgres(): Promise<string[]> {
  const trials = [pgMemAlone(200), pgMemAlone(200)];
  const best = (pick: (trial: PgMemAlone) => number): number => Math.min(...trials.map(pick));
  const micro = {
    textNew: best((t) => t.textNew),
    textSame: best((t) => t.textSame),
    bound: best((t) => t.bound),
    reusedNewKeys: best((t) => t.reusedNewKeys),
    reusedSameKeys: best((t) => t.reusedSameKeys),
  };
  const endToEnds = {
    text: [] as EndToEnd[],
    compiled: [] as EndToEnd[],
    reused: [] as EndToEnd[],
    reusedAgain: [] as EndToEnd[],
  };
  const perRun = { compiled: [] as number[], reused: [] as number[] };
  await perRunMs({}, 20); // warm the JIT and the pool
  for (let pair = 0; pair < 3; pair++) {
    // Alternated, so that a noisy neighbour slows every variant alike.
    endToEnds.text.push(await endToEnd({ handOver: 'text' }, 300));
    endToEnds.compiled.push(await endToEnd({ reuse: false }, 300));
    const salt = ++measurement;
    endToEnds.reused.push(await endToEnd({}, 300, salt));
    endToEnds.reusedAgain.push(await endToEnd({}, 300, salt));
    perRun.compiled.push(await perRunMs({ reuse: false }, 50));
    perRun.reused.push(await perRunMs({}, 50));
  }
  const fastestOf = (results: EndToEnd[]): EndToEnd =>
    results.reduce((a, b) => (b.micros < a.micros ? b : a));
  const [text, compiled] = [fastestOf(endToEnds.text), fastestOf(endToEnds.compiled)];
  const [reused, reusedAgain] = [fastestOf(endToEnds.reused), fastestOf(endToEnds.reusedAgain)];
  const us = (value: number): string => `${value.toFixed(0)} us`;
  const times = (slow: number, fast: number): string => `${(slow / fast).toFixed(1)}x faster`;
  const runs = (result: EndToEnd): string =>
    `${result.executionsPerStatement.toFixed(2)} pg-mem runs, ${result.compilationsPerStatement.toFixed(2)} compiles each`;
  const [runBefore, runAfter] = [Math.min(...perRun.compiled), Math.min(...perRun.reused)];
  return [
    'postgres (pg-mem 3.0.14), cost per SQL statement (fastest of alternated trials):',
    `  pg-mem alone, values pasted into new text (parsed and compiled each time): ${us(micro.textNew)}`,
    `  pg-mem alone, identical text (its parse cache hits, compiled each time):   ${us(micro.textSame)}`,
    `  parsed once, values bound into the tree, compiled each time:              ${us(micro.bound)}`,
    `  compiled once per database, values live (now), every key new:           ${us(micro.reusedNewKeys)}` +
      `  (${times(micro.bound, micro.reusedNewKeys)} than compiling each time: a key looked up by index is compiled in)`,
    `  compiled once per database, values live (now), keys seen before:        ${us(micro.reusedSameKeys)}` +
      `  (${times(micro.bound, micro.reusedSameKeys)}; a comparison's runs send the same payment keys again)`,
    `  simulated, end to end, text handed to pg-mem:             ${us(text.micros)} per statement, ${runs(text)}`,
    `  simulated, end to end, bound trees compiled each time:    ${us(compiled.micros)} per statement, ${runs(compiled)}`,
    `  simulated, end to end, compiled once per database (now):  ${us(reused.micros)} per statement, ${runs(reused)}` +
      `  (${times(compiled.micros, reused.micros)}; ${reused.statements} statements, every key new)`,
    `  the same, a second run sending the same keys (now):       ${us(reusedAgain.micros)} per statement, ${runs(reusedAgain)}` +
      `  (${times(compiled.micros, reusedAgain.micros)})`,
    `  per db run (new world and server, CREATE TABLE, 10 statements): ${runBefore.toFixed(2)} ms compiling each time, ` +
      `${runAfter.toFixed(2)} ms reusing the pooled database (${times(runBefore, runAfter)})`,
  ];
}
