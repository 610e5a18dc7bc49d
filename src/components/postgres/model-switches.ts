/**
 * Test-only switches that break the PostgreSQL model on purpose, so a test can show that
 * `idemsim conform` catches a model that is wrong. Never set outside tests: a run with a switch
 * off no longer models PostgreSQL.
 */
export const modelSwitches = {
  /** false: a write never waits for another open transaction's uncommitted unique key (default true). */
  uniqueKeyWait: true,
  /** false: SELECT ... FOR UPDATE locks no row, so nothing waits for it (default true). */
  forUpdateLocks: true,
};
