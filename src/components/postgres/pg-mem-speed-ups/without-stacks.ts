/**
 * Runs `run` with errors made without a stack trace. A statement's error (a unique violation, say,
 * which several strategies meet on every retry) is an answer here, read only for its message and
 * code (../pg-mem-errors.ts), and capturing the simulator's deep stack into every one was most of
 * its cost: pg-mem's own errors are made under it (pg-mem-instance.ts), and so is the
 * DatabaseError a strategy gets for one (2.8 % of a db-atomic hunt).
 */
export function withoutStacks<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
