/**
 * What a command may do to the outside world, passed in so tests can drive the CLI in-process.
 */

export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Whether to use ANSI colours (see colourWanted). */
  readonly colour: boolean;
  /**
   * Whether standard input is a terminal someone can answer prompts on (default: false). `play`
   * refuses without one rather than wait for keys that never come.
   */
  readonly interactive?: boolean;
}

/** Bad input from the user: one line saying what is wrong and how to fix it; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colour: colourWanted(process.stdout.isTTY === true, process.env),
    interactive: process.stdin.isTTY === true,
  };
}

/**
 * Colour on a terminal unless NO_COLOR is set (no-color.org: present and not empty); colour
 * anywhere when FORCE_COLOR is set (force-color.org: present and not empty), so a CI log or
 * `| less -R` can have it. FORCE_COLOR wins over NO_COLOR, as force-color.org's own example
 * does: it is the more specific request. FORCE_COLOR=0 or false means no colour, as Node and
 * chalk read it, rather than forcing colour with a value that says the opposite.
 */
export function colourWanted(isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  const noColour = env['NO_COLOR'];
  if (noColour !== undefined && noColour !== '') return false;
  return isTty;
}
