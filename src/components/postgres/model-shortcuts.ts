/**
 * Shortcuts the model takes where it can decide without running more SQL what the long way would
 * decide. Each must give exactly the answers the long way gives: a test turns it off and compares
 * (test/components/postgres/row-lock-shortcut.test.ts). Never set outside tests.
 */
export const modelShortcuts = {
  /**
   * A locking statement that reaches at most one row finds and touches it in one run, instead of a
   * locate query and then the statement restricted to the row (row-lock-shortcut.ts) (default true).
   */
  oneRunLocking: true,
};
