/**
 * Node's `crypto` in the browser bundle: ioredis-mock hashes a Lua script (SHA-1) only for EVAL,
 * EVALSHA and SCRIPT LOAD, which no built-in strategy sends. The browser has no synchronous
 * SHA-1, so a script command there stops with this reason rather than hashing differently.
 */
export function createHash(): never {
  throw new Error('Redis scripts (EVAL) are not available in the browser build of idemsim');
}
