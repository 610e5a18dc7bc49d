/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * pg-mem databases set up and handed back by finished runs, by the setup that made them, so that
 * the next run with the same setup starts from one (with its compiled statements) instead of
 * building a database and compiling everything again.
 *
 * A setup history names the setup SQL a database received from empty, in order, each with the
 * virtual time it ran at when that time can matter (clock-reads.ts). Two databases with the same
 * history are the same database: pg-mem is deterministic, and `PgMemInstance.reset` puts back
 * everything a run changes. Which run gets which database therefore never changes a result, only
 * how much is compiled again. A database is in use by one MemDatabase at a time: taking removes
 * it from the pool. Per thread (a worker has its own module state).
 */
import { PgMemInstance } from './pg-mem-instance.js';

/** Databases kept waiting in all; the longest-waiting history goes first (a comparison needs about 3). */
const WAITING_MAX = 8;

/** Waiting databases by history, in the order they were handed back. */
const waiting = new Map<string, PgMemInstance[]>();
let waitingCount = 0;

/** A database with this history (reset to the end of its setup), if one is waiting. */
export function takeDatabase(history: string): PgMemInstance | undefined {
  const list = waiting.get(history);
  const instance = list?.pop();
  if (instance === undefined) return undefined;
  waitingCount--;
  if (list?.length === 0) waiting.delete(history);
  return instance;
}

/** A new empty database, or a waiting one that never received setup. */
export function emptyDatabase(): PgMemInstance {
  return takeDatabase('') ?? new PgMemInstance();
}

/** Hands a database back after use: it is reset and waits for the next user of its history. */
export function handBack(instance: PgMemInstance): void {
  if (instance.history === null) return;
  instance.reset();
  if (waitingCount >= WAITING_MAX) dropLongestWaiting();
  const list = waiting.get(instance.history) ?? [];
  waiting.delete(instance.history);
  waiting.set(instance.history, [...list, instance]);
  waitingCount++;
}

function dropLongestWaiting(): void {
  const [history, list] = waiting.entries().next().value as [string, PgMemInstance[]];
  list.shift();
  waitingCount--;
  if (list.length === 0) waiting.delete(history);
}
