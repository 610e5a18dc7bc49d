/**
 * Host names for ioredis-mock instances, so that no two live simulated Redis stores share one.
 *
 * ioredis-mock keeps one store per host:port:db in a module-global map and never forgets one, so
 * a fresh name per store would leak an empty store per simulated restart across a long property
 * search. Released names are flushed and reused instead. The names never reach a trace or a
 * result, so which name a store gets cannot change an outcome.
 */

const free: string[] = [];
let created = 0;

export function acquireMockHost(): string {
  return free.pop() ?? `idemsim-redis-${++created}`;
}

/** The caller must have flushed the store and disconnected every client of it. */
export function releaseMockHost(host: string): void {
  free.push(host);
}
