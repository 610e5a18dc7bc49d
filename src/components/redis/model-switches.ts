/**
 * Test-only switches that break one rule of the Redis model on purpose, so that a conformance
 * replay can show it notices (test/conformance). Every switch is on in any real run; nothing in
 * src/ turns one off.
 */
export interface RedisModelSwitches {
  /** Keys given a TTL expire (default true). Off: every TTL is dropped as it is set, keys live forever. */
  expiry: boolean;
}

/** The model's switches, read by mock-store.ts on every write; tests flip them and put them back. */
export const redisModelSwitches: RedisModelSwitches = { expiry: true };
