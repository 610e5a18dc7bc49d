/**
 * What a command may do to the outside world, passed in so tests can drive the CLI in-process.
 */

export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Whether to use ANSI colours (a TTY, and NO_COLOR unset). */
  readonly colour: boolean;
}

/** Bad input from the user: one line saying what is wrong and how to fix it; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function processIo(): CliIo {
  const colour = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colour,
  };
}
